import Foundation

/// Renders evaluation results: the JSON of the CLI contract, and text for a clinician.
public struct EvaluationRenderer {
    public let graph: DecisionGraph
    /// Sources, when at hand, put file:line on trace events.
    public let sources: SourceSet?

    public init(graph: DecisionGraph, sources: SourceSet?) {
        self.graph = graph
        self.sources = sources
    }

    // MARK: JSON

    public var rulesetJSON: JSONNode {
        .object([
            ("name", .string(graph.info.name)),
            ("version", graph.info.version.map { .string($0) } ?? .null),
            ("digest", .string(graph.digest)),
        ])
    }

    /// The `eval --format json` object.
    public func json(_ evaluation: Evaluation, inputDiagnostics: [Diagnostic] = []) -> JSONNode {
        let diagnostics = (inputDiagnostics + evaluation.diagnostics).map { DiagnosticRenderer.json($0, sources: sources ?? SourceSet()) }
        return .object([
            ("ruleset", rulesetJSON),
            ("decisions", .array(evaluation.decisions.map(json))),
            ("diagnostics", .array(diagnostics)),
        ])
    }

    /// The recommended outcomes grouped by strength, in the order strengths are declared:
    /// `{"may": ["a"], "not_recommended": ["b"]}`; empty unless decided.
    func byStrength(_ result: DecisionResult) -> JSONNode {
        .object(Strength.allCases.compactMap { strength in
            var outcomes: [String] = []
            for recommendation in result.recommendations where recommendation.strength == strength && !outcomes.contains(recommendation.outcome) {
                outcomes.append(recommendation.outcome)
            }
            return outcomes.isEmpty ? nil : (strength.rawValue, .array(outcomes.map { .string($0) }))
        })
    }

    public func json(_ result: DecisionResult) -> JSONNode {
        var members: [(String, JSONNode)] = [
            ("id", .string(result.id)),
            ("status", .string(result.status.rawValue)),
            ("outcomes", .array(result.outcomes.map { .string($0) })),
            ("by_strength", byStrength(result)),
            ("recommendations", .array(result.recommendations.map(json))),
            ("needs", .array(result.needs.map { .string($0) })),
            ("trace", .array(result.trace.map(json))),
        ]
        // Only when true, so that every exact answer keeps the documented shape.
        if result.approximate { members.append(("approximate", .bool(true))) }
        return .object(members)
    }

    func json(_ recommendation: Recommendation) -> JSONNode {
        var members: [(String, JSONNode)] = [
            ("outcome", .string(recommendation.outcome)),
            ("strength", recommendation.strength.map { .string($0.rawValue) } ?? .null),
            ("cite", .array(recommendation.cites.map { .string($0) })),
        ]
        if !recommendation.notes.isEmpty { members.append(("notes", .array(recommendation.notes.map { .string($0) }))) }
        return .object(members)
    }

    func json(_ readings: [FactReading]) -> JSONNode {
        .object(readings.map { ($0.fact, $0.value.map { .string($0) } ?? .null) })
    }

    func json(_ event: TraceEvent) -> JSONNode {
        switch event {
        case .entered(let decision):
            return .object([("event", .string("enter")), ("decision", .string(decision))])
        case .applies(let truth, let reads):
            return .object([("event", .string("applies")), ("result", .string(truth.name)), ("reads", json(reads))])
        case .branch(let index, let truth, let reads, let span):
            return .object([("event", .string("branch")), ("branch", index == 0 ? .string("otherwise") : .number(String(index))),
                            ("result", .string(truth.name))] + where_(span) + [("reads", json(reads))])
        case .criterion(let index, let relative, let label, let truth, let reads, let span):
            return .object([("event", .string("criterion")), ("criterion", .number(String(index))),
                            ("relative", .bool(relative)), ("label", label.map { .string($0) } ?? .null),
                            ("result", .string(truth.name))] + where_(span) + [("reads", json(reads))])
        case .derived(let fact, let value, let by):
            return .object([("event", .string("derived")), ("fact", .string(fact)), ("value", value.map { .string($0) } ?? .null),
                            ("by", .string(by))])
        case .narrowed(let fact, let values, let by, let given):
            return .object([("event", .string("narrowed")), ("fact", .string(fact)), ("values", .array(values.map { .string($0) })),
                            ("by", .string(by)), ("reads", json(given))])
        case .recommendation(let recommendation):
            guard case .object(let members) = json(recommendation) else { return .null }
            return .object([("event", .string("recommend"))] + members)
        }
    }

    /// `line` and `rule` (the branch's first source line) when sources are known.
    func where_(_ span: Span) -> [(String, JSONNode)] {
        guard let sources, let location = DiagnosticRenderer.location(span, in: sources) else { return [] }
        return [("line", .number(String(location.line))), ("rule", .string(ruleText(span) ?? ""))]
    }

    func ruleText(_ span: Span) -> String? {
        guard let sources, let file = sources[span.file] else { return nil }
        let line = file.location(of: span.start).line
        return file.lineText(line).trimmingSpaces()
    }

    /// A branch's condition and results, all its lines joined, without its citations and notes:
    /// a trace line shows the whole rule that was weighed, not its first line.
    func branchText(_ span: Span) -> String? {
        guard let sources, let file = sources[span.file] else { return nil }
        // Comments end at their line; conditions and results hold no strings, so a `#` starts one.
        let code = file.text(span.start..<span.end).split(separator: "\n").map { $0.split(separator: "#", maxSplits: 1).first ?? "" }
        var kept: [Substring] = []
        for word in code.joined(separator: " ").split(whereSeparator: { $0 == " " || $0 == "\r" || $0 == "\t" }) {
            if word == "cite" || word == "note" { break }
            kept.append(word)
        }
        return kept.joined(separator: " ")
    }

    // MARK: text

    /// Text for a clinician: first the decisions that apply to the case, with status,
    /// recommendations, strength and section (and why, when traced); then the derived values;
    /// then the decisions that may apply once a missing fact is known; then a count of the rest.
    /// With `showAll` (decisions named on the command line) every result gets its full block.
    public func text(_ evaluation: Evaluation, showAll: Bool, given: Set<String> = []) -> String {
        var out = "\(graph.info.title ?? graph.info.name) \(graph.info.version ?? "") (\(graph.digest.prefix(19))…)\n"
        var derived: [String] = [], pending: [String] = [], skipped = 0
        for result in evaluation.decisions {
            let decision = graph.decisions[graph.decisionIndex(result.id) ?? 0]
            if showAll {
                out += "\n" + text(result)
            } else if result.applicability == .unknown {
                pending.append("\(result.id) (needs \(result.needs.joined(separator: ", ")))")
            } else if result.status == .notApplicable {
                skipped += 1
            } else if decision.derives >= 0 {
                derived.append(derivedLine(result, decision, given))
            } else {
                out += "\n" + text(result)
            }
        }
        if !derived.isEmpty { out += "\nderived values:\n" + derived.map { "  \($0)\n" }.joined() }
        if !pending.isEmpty { out += "\nmay apply once known:\n" + pending.map { "  \($0)\n" }.joined() }
        if skipped > 0 { out += "\n\(skipped) other decision\(skipped == 1 ? " does" : "s do") not apply to this case\n" }
        let undetermined = evaluation.decisions.count { $0.status == .undetermined }
        if !showAll { out += "\(undetermined) decision\(undetermined == 1 ? " is" : "s are") undetermined for this case\n" }
        for diagnostic in evaluation.diagnostics {
            out += "\n" + DiagnosticRenderer.text(diagnostic, sources: sources ?? SourceSet())
        }
        return out
    }

    /// `grade = G2 (grading.gep)`, or `grade: given` when the case states it.
    func derivedLine(_ result: DecisionResult, _ decision: DecisionGraph.Decision, _ given: Set<String>) -> String {
        let fact = graph.facts[Int(decision.derives)].name
        if given.contains(fact) { return "\(fact): given in the case" }
        switch result.status {
        case .decided: return "\(fact) = \(result.outcomes.joined(separator: ", ")) (\(result.id))"
        default:
            let options = result.outcomes.isEmpty ? "" : " \(result.outcomes.joined(separator: " or "))"
            return "\(fact) undetermined\(options) (\(result.id); needs \(result.needs.joined(separator: ", ")))"
        }
    }

    public func text(_ result: DecisionResult) -> String {
        let decision = graph.decisions[graph.decisionIndex(result.id) ?? 0]
        var out = result.id + (decision.title.map { " — \($0)" } ?? "") + "\n"
        switch result.status {
        case .notApplicable: out += "  not applicable to this case\n"
        case .decided: out += decidedLines(result)
        case .undetermined:
            out += "  undetermined" + (result.outcomes.isEmpty ? "" : ": could be \(result.outcomes.joined(separator: " or "))") + "\n"
            if !result.needs.isEmpty { out += "  needs: \(result.needs.joined(separator: ", "))\n" }
            if result.approximate {
                out += "  approximate: too many combinations of missing facts to settle exactly; outcomes and needs may include more than can happen\n"
            }
        }
        for recommendation in result.recommendations {
            let strength = recommendation.strength.map { "\($0.words): " } ?? ""
            let label = graph.outcomeLabels[recommendation.outcome].map { "\($0) (\(recommendation.outcome))" } ?? recommendation.outcome
            let cite = recommendation.cites.isEmpty ? "" : " [\(recommendation.cites.joined(separator: ", "))]"
            out += "  • \(strength)\(label)\(cite)\n"
            for note in recommendation.notes { out += "    note: \(note)\n" }
        }
        if !result.trace.isEmpty {
            out += "  why:\n"
            for event in result.trace { out += traceLine(event) }
        }
        return out
    }

    /// `decided: may a, should b`, then `not recommended: c` on its own line, so that advice
    /// against never reads as advice for.
    func decidedLines(_ result: DecisionResult) -> String {
        let against = result.outcomes.filter { result.strength(of: $0) == .notRecommended }
        let advised = zip(result.outcomes, result.outcomesWithStrengths).filter { result.strength(of: $0.0) != .notRecommended }.map(\.1)
        var out = advised.isEmpty ? "  decided\n" : "  decided: \(advised.joined(separator: ", "))\n"
        if !against.isEmpty { out += "  not recommended: \(against.joined(separator: ", "))\n" }
        return out
    }

    func traceLine(_ event: TraceEvent) -> String {
        func reads(_ readings: [FactReading]) -> String {
            readings.isEmpty ? "" : " — " + readings.map { "\($0.fact) = \($0.value ?? "unknown")" }.joined(separator: ", ")
        }
        func place(_ span: Span) -> String {
            guard let sources, let location = DiagnosticRenderer.location(span, in: sources) else { return "" }
            let file = (location.file as NSString).lastPathComponent
            return " (\(file):\(location.line): \(branchText(span) ?? ""))"
        }
        switch event {
        case .entered(let decision): return "    enter \(decision)\n"
        case .applies(let truth, let readings): return "    applies? \(truth.name)\(reads(readings))\n"
        case .branch(let index, let truth, let readings, let span):
            return "    \(index == 0 ? "otherwise" : "branch \(index)") \(truth.name)\(reads(readings))\(place(span))\n"
        case .criterion(let index, let relative, let label, let truth, let readings, _):
            let kind = relative ? "relative criterion" : "criterion"
            return "    \(kind) \(index)\(label.map { " \"\($0)\"" } ?? "") \(truth.name)\(reads(readings))\n"
        case .derived(let fact, let value, let by): return "    derived \(fact) = \(value ?? "unknown") by \(by)\n"
        case .narrowed(let fact, let values, let by, let given):
            let shown = values.count == 1 ? values[0] : "one of " + values.joined(separator: ", ")
            return "    narrowed \(fact) is \(shown) by \(by)\(reads(given))\n"
        case .recommendation(let r):
            return "    → \(r.strength.map { $0.rawValue + " " } ?? "")\(r.outcome)\(r.cites.isEmpty ? "" : " [\(r.cites.joined(separator: ", "))]")\n"
        }
    }
}

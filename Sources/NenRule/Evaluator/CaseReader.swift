/// Reads a case (a JSON object of fact name → value) into an evaluator's slots, reporting every
/// problem as a diagnostic that names the fact.
public enum CaseReader {
    /// Member names that carry no fact: they identify the case.
    public static let reservedKeys: Set<String> = ["case_id"]

    /// Writes the case into `evaluator.values` (after a reset) and checks it against the rule
    /// set's constraints. Returns diagnostics; any error means the case must not be evaluated.
    public static func load(_ json: JSONValue, into evaluator: inout Evaluator) -> [Diagnostic] {
        load(json, into: &evaluator, passThrough: [], ignoreUnknown: false)
    }

    /// `load`, with members that are not facts kept for the output (`passThrough`: an export's
    /// identifiers, dates, free text) or, with `ignoreUnknown`, skipped — else each is an error.
    public static func load(_ json: JSONValue, into evaluator: inout Evaluator, passThrough: Set<String>, ignoreUnknown: Bool) -> [Diagnostic] {
        evaluator.reset()
        guard case .object(let members) = json else {
            return [Diagnostic(.error, "case-shape", "a case must be a JSON object of fact names and values, not \(json.kindName)")]
        }
        var diagnostics: [Diagnostic] = []
        var seen: Set<String> = []
        for (key, value) in members where !reservedKeys.contains(key) && !passThrough.contains(key) {
            guard seen.insert(key).inserted else {
                diagnostics.append(factError(key, "duplicate", "fact `\(key)` is given twice"))
                continue
            }
            if ignoreUnknown, !evaluator.graph.facts.contains(where: { $0.name == key }) { continue }
            switch slotValue(key, value, evaluator.graph) {
            case .success(let entry?):
                evaluator.values[entry.slot] = entry.value
                if let warning = foldingWarning(key, value, entry, evaluator.graph) { diagnostics.append(warning) }
            case .success(nil): break
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            }
        }
        return diagnostics.contains { $0.severity == .error } ? diagnostics : diagnostics + evaluator.validate()
    }

    /// A member matched only when case is ignored: accepted, and said.
    static func foldingWarning(_ key: String, _ value: JSONValue, _ entry: (slot: Int, value: Int64), _ graph: DecisionGraph) -> Diagnostic? {
        guard case .string(let text) = value, graph.facts[entry.slot].foldedMember(text.trimmingSpaces()) != nil else { return nil }
        let member = graph.facts[entry.slot].display(entry.value)
        return Diagnostic(.warning, "member-case", "`\(text)` read as member `\(member)` of `\(key)`", subject: "fact `\(key)`")
    }

    /// The slot and value for one member; nil for `null` (unknown).
    static func slotValue(_ key: String, _ value: JSONValue, _ graph: DecisionGraph) -> Result<(slot: Int, value: Int64)?, Diagnostic> {
        guard let slot = graph.facts.firstIndex(where: { $0.name == key }) else {
            return .failure(factError(key, "unknown-fact", "unknown fact `\(key)`",
                                      help: Suggestion.help(for: key, in: graph.facts.map(\.name))))
        }
        let raw: RawValue
        switch value {
        case .null: return .success(nil)
        case .bool(let b): raw = .bool(b)
        case .number(let text):
            switch Exact.parse(text) {
            case .success(let exact): raw = .number(exact, unit: nil)
            case .failure(.tooPrecise):
                return .failure(factError(key, "number-precision", "`\(text)` for `\(key)` has more than \(Exact.fractionDigits) decimal places"))
            case .failure:
                return .failure(factError(key, "number-range", "`\(text)` for `\(key)` is too large to hold exactly"))
            }
        case .string(let text):
            // A missing-value marker, unless the fact has a member of that name.
            if CaseText.isMissing(text), graph.facts[slot].foldedMember(text) == nil,
               !(graph.facts[slot].members?.contains(text) ?? false) { return .success(nil) }
            switch RawValue.parseText(text) {
            case .success(let parsed): raw = parsed
            case .failure(let problem): return .failure(factError(key, problem.code, problem.message + " (fact `\(key)`)", help: problem.help))
            }
        case .array, .object:
            return .failure(factError(key, "type-mismatch", "`\(key)` takes a single value, not \(value.kindName)",
                                      help: graph.facts[slot].exampleHelp))
        }
        switch graph.facts[slot].slotValue(of: raw) {
        case .success(let converted): return .success((slot, converted))
        case .failure(let problem): return .failure(factError(key, problem.code, problem.message, help: problem.help))
        }
    }

    static func factError(_ fact: String, _ code: String, _ message: String, help: String? = nil) -> Diagnostic {
        Diagnostic(.error, code, message, help: help, subject: "fact `\(fact)`")
    }
}

/// Hover: what a name means, in Markdown — a fact's type, unit, range, members, description and
/// readers; an outcome's label and the decisions that give it, with strengths; a decision's
/// title, guard, sections and notes; a constraint's condition; and a number's value in its
/// fact's unit.
extension LanguageServer {
    func hover(_ params: JSONValue?) throws(ResponseError) -> JSONNode {
        guard let target = workspace.target(params) else {
            throw ResponseError(code: .invalidParams, message: "no rule file of the workspace at `textDocument.uri`")
        }
        let text: String, span: Span
        if let occurrence = workspace.index.occurrence(file: target.file, offset: target.offset) {
            text = describe(occurrence.key)
            span = occurrence.span
        } else if let (literal, fact) = quantity(at: target), let converted = describe(literal, fact) {
            text = converted
            span = literal.span
        } else {
            return .null
        }
        var members: [(String, JSONNode)] = [("contents", .object([("kind", .string("markdown")), ("value", .string(text))]))]
        if let range = workspace.range(span) { members.append(("range", range)) }
        return .object(members)
    }

    func describe(_ key: SymbolIndex.Key) -> String {
        let model = workspace.compilation.model
        switch key.kind {
        case .fact:
            guard let index = model?.facts.firstIndex(where: { $0.name == key.name }), let model else { return "fact `\(key.name)` (not declared)" }
            return describeFact(index, model)
        case .member:
            let fact = model?.facts.first { $0.name == key.fact }
            return "member `\(key.name)` of fact `\(key.fact ?? "?")`" + (fact.map { ": \($0.type.description)" } ?? "")
        case .outcome:
            guard let model, let index = model.outcomes.firstIndex(where: { $0.name == key.name }) else { return "outcome `\(key.name)` (not declared)" }
            return describeOutcome(index, model)
        case .decision:
            guard let model, let decision = model.decisions.first(where: { $0.id == key.name }) else { return "decision `\(key.name)` (not declared)" }
            return describeDecision(decision)
        case .define:
            return "define `\(key.name)`" + (declarationText(key).map { "\n\n```nenrule\n\($0)\n```" } ?? "")
        case .constraint:
            guard let constraint = model?.constraints.first(where: { $0.id == key.name }) else { return "constraint `\(key.name)`" }
            var lines = ["**constraint** `\(constraint.id)`" + (constraint.title.map { " — \($0)" } ?? ""),
                         "every case satisfies:"]
            if let text = declarationText(key) { lines.append("```nenrule\n\(text)\n```") }
            lines += annotations(constraint.cites, constraint.notes)
            return lines.joined(separator: "\n\n")
        case .test:
            return "test \"\(key.name)\""
        }
    }

    private func describeFact(_ index: Int, _ model: CheckedModel) -> String {
        let fact = model.facts[index]
        var lines = ["**fact** `\(fact.name)`: \(fact.type.description)"]
        if let description = fact.description { lines.append(description) }
        if case .quantity(let dimension, let unit) = fact.type {
            lines.append("unit: \(unit?.name ?? "none") (\(dimension.noun))" + (fact.equivalentUnits.isEmpty ? "" : "; also \(fact.equivalentUnits.map(\.name).joined(separator: ", "))"))
        }
        if fact.low != nil || fact.high != nil { lines.append("range: \(fact.rangeText)") }
        if case .enumeration(let members, _) = fact.type { lines.append("members: " + members.map { "`\($0)`" }.joined(separator: ", ")) }
        if let by = fact.derivedBy { lines.append("derived by `\(model.decisions[by].id)` when the case does not give it") }
        let readers = model.decisions.filter { $0.reads(index) }.map(\.id)
        if !readers.isEmpty { lines.append("read by \(readers.count) decision\(readers.count == 1 ? "" : "s"): " + readers.prefix(12).map { "`\($0)`" }.joined(separator: ", ") + (readers.count > 12 ? ", …" : "")) }
        return lines.joined(separator: "\n\n")
    }

    private func describeOutcome(_ index: Int, _ model: CheckedModel) -> String {
        let outcome = model.outcomes[index]
        var lines = ["**outcome** `\(outcome.name)`" + (outcome.finding ? " (finding)" : "") + (outcome.label.map { " — \($0)" } ?? "")]
        var givers: [String] = []
        for decision in model.decisions where decision.outputs == .outcomes {
            let strengths = (decision.branches + (decision.otherwise.map { [$0] } ?? [])).flatMap(\.results)
                .filter { $0.output == index }.map { $0.strength?.words ?? "finding" }
            let distinct = strengths.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            if !distinct.isEmpty { givers.append("`\(decision.id)` (\(distinct.joined(separator: ", ")))") }
        }
        lines.append(givers.isEmpty ? "given by no decision" : "given by: " + givers.joined(separator: ", "))
        return lines.joined(separator: "\n\n")
    }

    private func describeDecision(_ decision: CheckedDecision) -> String {
        var lines = ["**\(decision.kind.rawValue)** `\(decision.id)`" + (decision.title.map { " — \($0)" } ?? ""),
                     "policy: `\(decision.policy.rawValue)`; \(decision.branches.count) branch\(decision.branches.count == 1 ? "" : "es")"
                         + (decision.otherwise == nil ? "" : " and `otherwise`")]
        if let guardText = guardText(decision) { lines.append("applies when `\(guardText)`") }
        lines += annotations(decision.cites, decision.notes)
        return lines.joined(separator: "\n\n")
    }

    private func annotations(_ cites: [String], _ notes: [String]) -> [String] {
        (cites.isEmpty ? [] : ["sections: " + cites.joined(separator: ", ")]) + notes.map { "note: " + $0 }
    }

    /// The source text of a decision's `applies when` condition.
    private func guardText(_ decision: CheckedDecision) -> String? {
        for file in workspace.compilation.files where file.file == decision.idSpan.file {
            for item in file.items {
                let header: DecisionHeader? = switch item {
                case .decision(let d): d.header
                case .table(let d): d.header
                case .criteria(let d): d.header
                default: nil
                }
                if let header, header.id.span == decision.idSpan, let applies = header.applies { return sourceText(applies.span) }
            }
        }
        return nil
    }

    /// The text of the item that declares `key`, without its keyword line's neighbours.
    private func declarationText(_ key: SymbolIndex.Key) -> String? {
        guard let declaration = workspace.index.declarations(of: key).first,
              let file = workspace.compilation.files.first(where: { $0.file == declaration.span.file }),
              let item = file.items.first(where: { $0.span.start <= declaration.span.start && declaration.span.end <= $0.span.end }) else { return nil }
        return sourceText(item.span)
    }

    func sourceText(_ span: Span) -> String? {
        guard let source = workspace.source(span.file), span.start <= span.end, span.end <= source.bytes.count else { return nil }
        return String(decoding: source.bytes[span.start..<span.end], as: UTF8.self)
    }

    /// The quantity literal under the cursor, with the fact it is compared with.
    func quantity(at target: (file: Int, offset: Int, source: SourceFile)) -> (QuantityLiteral, String)? {
        guard let file = workspace.compilation.files.first(where: { $0.file == target.file }) else { return nil }
        var found: (QuantityLiteral, String)?
        func visit(_ value: Value, _ fact: Name) {
            if case .quantity(let literal) = value, literal.span.start <= target.offset, target.offset <= literal.span.end { found = (literal, fact.text) }
        }
        func walk(_ expr: Expr) {
            switch expr {
            case .compare(let name, _, let value, _): visit(value, name)
            case .inSet(let name, let values, _, _): values.forEach { visit($0, name) }
            case .inRange(let name, let low, let high, _): visit(low, name); visit(high, name)
            case .not(let inner, _), .parenthesized(let inner, _): walk(inner)
            case .and(let terms, _), .or(let terms, _): terms.forEach(walk)
            case .implies(let left, let right, _), .iff(let left, let right, _): walk(left); walk(right)
            case .boolean, .name, .known, .error: break
            }
        }
        for item in file.items where item.span.start <= target.offset && target.offset <= item.span.end {
            item.expressions.forEach(walk)
            if case .test(let test) = item { for assignment in test.given { visit(assignment.value, assignment.fact) } }
        }
        return found
    }

    /// A literal's value in its fact's declared unit: `2 cm` on a fact in mm reads `= 20 mm`.
    func describe(_ literal: QuantityLiteral, _ factName: String) -> String? {
        guard let fact = workspace.compilation.model?.facts.first(where: { $0.name == factName }) else { return nil }
        let written = sourceText(literal.span) ?? literal.text
        switch fact.slotValue(of: .number(literal.value, unit: literal.unit)) {
        case .success(let value): return "`\(written)` = **\(fact.display(value))** (`\(fact.name)`: \(fact.type.description))"
        case .failure(let problem): return "`\(written)`: \(problem.message)"
        }
    }
}

extension Item {
    /// The conditions an item holds, outermost first.
    var expressions: [Expr] {
        switch self {
        case .decision(let d): (d.header.applies.map { [$0] } ?? []) + d.branches.compactMap(\.condition)
        case .table(let d): d.header.applies.map { [$0] } ?? []
        case .criteria(let d): (d.header.applies.map { [$0] } ?? []) + d.criteria.map(\.condition)
        case .define(let d): [d.expr]
        case .constraint(let d): [d.condition]
        default: []
        }
    }
}

extension CheckedDecision {
    /// Whether its guard or a branch reads fact `index`.
    func reads(_ index: Int) -> Bool {
        (applies?.facts.contains(index) ?? false) || (branches + (otherwise.map { [$0] } ?? [])).contains { $0.condition.facts.contains(index) }
    }
}

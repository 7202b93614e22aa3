/// Explains one decision as a clinician reads it: title, when it applies, its sections, the hit
/// policy in words, then each rule in plain words with its strength, outcome, sections and
/// notes. Works from the checked model, where conditions are still whole (not yet shared nodes).
public struct ExplainRenderer {
    public let model: CheckedModel
    let wording: ConditionWording

    public init(model: CheckedModel) {
        self.model = model
        self.wording = ConditionWording(facts: model.facts)
    }

    /// The explanation of decision `index` as plain text.
    public func text(_ index: Int) -> String { document(index).text() }

    /// The explanation of decision `index` as Markdown.
    public func markdown(_ index: Int) -> String { document(index).markdown() }

    /// The explanation of decision `index`, ready for either format.
    public func document(_ index: Int) -> ExplainDocument {
        let decision = model.decisions[index]
        var blocks: [ExplainDocument.Block] = [.title([.strong(decision.title ?? decision.id), .text(" ("), .code(decision.id), .text(")")])]
        blocks += overview(decision) + derivation(index) + decisionNotes(decision)
        blocks += decision.kind == .criteria ? criteria(index) : rules(index)
        return ExplainDocument(blocks: blocks + factsRead(decision) + constraints(decision))
    }

    func decisionNotes(_ decision: CheckedDecision) -> [ExplainDocument.Block] {
        guard !decision.notes.isEmpty else { return [] }
        return [.heading("Notes"), .list(numbered: false, decision.notes.map { ExplainDocument.Item(lead: note($0), details: []) })]
    }

    // MARK: overview

    func overview(_ decision: CheckedDecision) -> [ExplainDocument.Block] {
        let kind = switch decision.kind {
        case .decision: "A decision"
        case .table: "A decision table"
        case .criteria: "A criteria set"
        }
        let sections = decision.cites.isEmpty ? "" : " citing " + decision.cites.joined(separator: ", ")
        let applies: ExplainDocument.Line = decision.applies.map { [.strong("Applies when "), .text(wording.words($0) + ".")] }
            ?? [.strong("Applies to every case.")]
        var blocks: [ExplainDocument.Block] = [.paragraph([.text(kind + sections + ".")]), .paragraph(applies)]
        if decision.kind != .criteria {
            blocks.append(.paragraph([.strong("Hit policy "), .code(decision.policy.rawValue), .text(": " + policyWords(decision))]))
        }
        return blocks
    }

    func policyWords(_ decision: CheckedDecision) -> String {
        let rule = switch decision.policy {
        case .first: "the first rule that holds decides; the rules after it are not consulted."
        case .unique: "at most one rule may hold (an overlap is an error), and that rule decides."
        case .collect: "every rule that holds contributes its outcomes, side by side."
        case .highest: "of the rules that hold, the one with the highest output in declared order decides."
        }
        let fallback = decision.otherwise == nil ? "the decision is undetermined." : "the otherwise rule decides."
        return rule + " When no rule holds, " + fallback + " A fact the case does not give is unknown: where it could change "
            + "the answer, the decision is undetermined and names the facts it needs."
    }

    /// What a decision that derives a fact feeds, and who reads it.
    func derivation(_ index: Int) -> [ExplainDocument.Block] {
        guard case .members(let fact) = model.decisions[index].outputs else { return [] }
        let readers = model.decisions.filter { reads($0).contains(fact) }.map(\.id)
        var line: ExplainDocument.Line = [
            .strong("Derives "), .code(model.facts[fact].name),
            .text(": its result is the value of \(wording.name(fact)) when the case does not give one; a given value wins."),
        ]
        if !readers.isEmpty { line += [.text(" Read by ")] + joinedCode(readers) + [.text(".")] }
        return [.paragraph(line)]
    }

    // MARK: rules

    func rules(_ index: Int) -> [ExplainDocument.Block] {
        let decision = model.decisions[index]
        var items = decision.branches.map { branch in
            ExplainDocument.Item(lead: [.strong("When "), .text(wording.words(branch.condition))], details: details(branch, index))
        }
        if let otherwise = decision.otherwise {
            let scope = decision.policy == .first ? "no rule above holds" : "no rule holds"
            items.append(ExplainDocument.Item(lead: [.strong("Otherwise"), .text(" (\(scope))")], details: details(otherwise, index)))
        }
        return [.heading(decision.kind == .table ? "Rows" : "Rules"), .list(numbered: true, items)]
    }

    func details(_ branch: CheckedBranch, _ index: Int) -> [ExplainDocument.Line] {
        var lines = branch.results.map { result(index, $0) }
        if !branch.cites.isEmpty { lines.append([.text("cites " + branch.cites.joined(separator: ", "))]) }
        return lines + branch.notes.map(note)
    }

    func result(_ index: Int, _ result: CheckedResult) -> ExplainDocument.Line {
        let name = model.outputName(index, result.output)
        var line: ExplainDocument.Line = [.text("→ ")]
        if let strength = result.strength { line += [.strong(strength.words), .text(": ")] }
        if case .outcomes = model.decisions[index].outputs, let label = model.outcomes[result.output].label {
            return line + [.text(label + " ("), .code(name), .text(")")]
        }
        return line + [.code(name)]
    }

    /// A note; one naming an AMB-nn or CONFLICT id records an editorial resolution.
    func note(_ text: String) -> ExplainDocument.Line {
        [.strong(EditorialNote.ids(in: text).isEmpty ? "note: " : "editorial resolution: "), .text(text)]
    }

    // MARK: criteria

    func criteria(_ index: Int) -> [ExplainDocument.Block] {
        let results = Self.criteriaResults.map { ExplainDocument.Item(lead: [.code($0.0), .text(": " + $0.1)], details: []) }
        return [
            .heading("Criteria"), .list(numbered: true, model.decisions[index].branches.map(criterionItem)),
            .heading("Results"), .list(numbered: false, results),
            .paragraph([.text("While a criterion's facts are missing, the result is undetermined between the results still possible.")]),
        ]
    }

    /// What each criteria-set answer means, in the order of `criteriaOutputs`.
    static let criteriaResults = [
        ("met", "every criterion holds"),
        ("met_except_relative", "every required criterion holds, but a relative criterion does not"),
        ("not_met", "a required criterion does not hold"),
    ]

    func criterionItem(_ criterion: CheckedBranch) -> ExplainDocument.Item {
        let kind = criterion.relative ? "relative criterion: " : "required: "
        var details: [ExplainDocument.Line] = criterion.label.map { [[.text("“\($0)”")]] } ?? []
        if !criterion.cites.isEmpty { details.append([.text("cites " + criterion.cites.joined(separator: ", "))]) }
        return ExplainDocument.Item(lead: [.strong(kind), .text(wording.words(criterion.condition))], details: details + criterion.notes.map(note))
    }

    // MARK: facts

    func factsRead(_ decision: CheckedDecision) -> [ExplainDocument.Block] {
        let facts = reads(decision)
        guard !facts.isEmpty else { return [] }
        return [.heading("Facts read"), .list(numbered: false, facts.map { ExplainDocument.Item(lead: factLine($0), details: []) })]
    }

    func factLine(_ index: Int) -> ExplainDocument.Line {
        let fact = model.facts[index]
        let words = wording.name(index)
        var line: ExplainDocument.Line = words == fact.name ? [.text(words)] : [.text(words + " ("), .code(fact.name), .text(")")]
        line.append(.text(": " + typeWords(fact)))
        if let description = fact.description { line.append(.text(" — " + description)) }
        if let deriving = fact.derivedBy {
            let title = model.decisions[deriving].title.map { " (\($0))" } ?? ""
            line += [.text("; derived by "), .code(model.decisions[deriving].id), .text(title + " when the case does not give it")]
        }
        return line
    }

    /// The relationships between facts that touch what the decision reads: they narrow a
    /// missing fact, and a case breaking one is refused before the decision is asked.
    func constraints(_ decision: CheckedDecision) -> [ExplainDocument.Block] {
        let facts = Set(reads(decision))
        let touching = model.constraints.filter { !facts.isDisjoint(with: $0.condition.facts) }
        guard !touching.isEmpty else { return [] }
        let items = touching.map { constraint in
            var lead: ExplainDocument.Line = [.code(constraint.id)]
            if let title = constraint.title { lead.append(.text(" — " + title)) }
            var details: [ExplainDocument.Line] = [[.text(relationWords(constraint))]]
            if !constraint.cites.isEmpty { details.append([.text("cites " + constraint.cites.joined(separator: ", "))]) }
            return ExplainDocument.Item(lead: lead, details: details + constraint.notes.map(note))
        }
        return [.heading("Constraints on these facts"), .list(numbered: false, items)]
    }

    /// A constraint in words, as written: "if A, then B", "A exactly when B", or its condition.
    func relationWords(_ constraint: CheckedConstraint) -> String {
        switch constraint.relation {
        case .implies(let premise, let conclusion)?: "if " + wording.words(premise) + ", then " + wording.words(conclusion)
        case .iff(let a, let b)?: wording.words(a) + " exactly when " + wording.words(b)
        case nil: wording.words(constraint.condition)
        }
    }

    func typeWords(_ fact: CheckedFact) -> String {
        let type = switch fact.type {
        case .bool: "yes or no"
        case .number: "a number"
        case .enumeration(let members, let ordered): (ordered ? "in order " : "one of ") + members.joined(separator: ", ")
        case .quantity(.percent, _): "percent"
        case .quantity(let dimension, let unit): dimension.rawValue.replacingOccurrences(of: "_", with: " ") + (unit.map { " in \($0.name)" } ?? "")
        }
        let range = fact.rangeText
        return range.isEmpty ? type : type + ", range " + range
    }

    /// Facts a decision reads (guard first, then rules), in first-read order.
    func reads(_ decision: CheckedDecision) -> [Int] {
        let rules = decision.branches + [decision.otherwise].compactMap { $0 }
        return Condition.and([decision.applies].compactMap { $0 } + rules.map(\.condition)).facts
    }

    func joinedCode(_ names: [String]) -> ExplainDocument.Line {
        names.enumerated().flatMap { offset, name -> ExplainDocument.Line in
            offset == 0 ? [.code(name)] : [.text(", "), .code(name)]
        }
    }
}

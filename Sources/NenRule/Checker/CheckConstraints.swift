/// Constraints: resolved like branch conditions, with ids unique among decisions and
/// constraints alike, and a rule set whose constraints no case can satisfy is refused.
extension Checker {
    mutating func checkConstraint(_ decl: ConstraintDecl) {
        if let decision = decisionByID[decl.id.text] {
            reportDuplicate("id", decl.id, first: model.decisions[decision].idSpan)
            return
        }
        if let existing = model.constraintIndex(decl.id.text) {
            reportDuplicate("constraint", decl.id, first: model.constraints[existing].idSpan)
            return
        }
        if decl.annotations.cites.isEmpty && decl.annotations.notes.isEmpty {
            report(Diagnostic(.warning, "missing-citation", "constraint `\(decl.id.text)` has neither a citation nor a note",
                              at: decl.id.span, help: "add `cite \"§…\"`, or a `note` saying why the relationship holds"))
        }
        var relation: CheckedConstraint.Relation?
        let condition: Condition
        switch decl.condition {
        case .implies(let left, let right, _):
            let (premise, conclusion) = (resolve(left), resolve(right))
            relation = .implies(premise, conclusion)
            condition = .or([.not(premise), conclusion])
        case .iff(let left, let right, _):
            let (a, b) = (resolve(left), resolve(right))
            relation = .iff(a, b)
            condition = .or([.and([a, b]), .and([.not(a), .not(b)])])
        default:
            condition = resolve(decl.condition)
        }
        if containsKnown(condition) {
            report(.error("known-in-constraint", "a constraint speaks of values, not of what the case records",
                          at: decl.condition.span, help: "remove `known(...)`; a missing fact already means any value the constraints allow"))
        }
        model.constraints.append(CheckedConstraint(
            id: decl.id.text, title: decl.title?.value, cites: decl.annotations.cites.map(\.value),
            notes: decl.annotations.notes.map(\.value), condition: condition, relation: relation,
            span: decl.span, idSpan: decl.id.span))
    }

    mutating func lookupConstraint(_ name: Name) -> Int? {
        if let index = model.constraintIndex(name.text) { return index }
        report(.error("unknown-constraint", "unknown constraint `\(name.text)`", at: name.span,
                      help: Suggestion.help(for: name.text, in: model.constraints.map(\.id))))
        return nil
    }

    /// A constraint no case can satisfy, or constraints that together leave some fact no value,
    /// make every case inconsistent: an error with the conflict spelled out.
    mutating func reportConstraintConflicts() {
        guard !model.constraints.isEmpty, !diagnostics.contains(where: { $0.severity == .error }) else { return }
        for conflict in ConstraintConflicts.find(model) { report(conflict) }
    }

    func containsKnown(_ condition: Condition) -> Bool {
        switch condition {
        case .known: true
        case .not(let inner): containsKnown(inner)
        case .and(let terms), .or(let terms): terms.contains { containsKnown($0) }
        case .constant, .isTrue, .compare, .member: false
        }
    }
}

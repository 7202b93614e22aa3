/// Constraints that no case can satisfy. Each constraint alone must admit some assignment of
/// its facts; together they must leave every fact some value and admit a whole case. A
/// conflict is an error with its witness: the values each constraint excludes.
enum ConstraintConflicts {
    static func find(_ model: CheckedModel) -> [Diagnostic] {
        let cells = CellTable(model)
        let network = ConstraintNetwork(model, cells: cells)
        let full = model.facts.indices.map { cells.full($0) }
        var found: [Diagnostic] = []
        for (index, constraint) in model.constraints.enumerated() {
            if !network.admitsSomeCase(index, full) {
                found.append(Diagnostic(.error, "unsatisfiable-constraint",
                    "no case satisfies constraint `\(constraint.id)`", at: constraint.idSpan,
                    notes: ["it reads \(constraint.condition.facts.map { "`\(model.facts[$0].name)`" }.joined(separator: ", ")), and no values of them make it hold"],
                    help: "check the condition for a contradiction, such as `a and not a`"))
            }
        }
        guard found.isEmpty else { return found }
        let together = network.propagate(full)
        if let conflict = together.conflict {
            found.append(excludedEverything(model, cells, full, together, conflict))
        } else if network.satisfiable(full) == false {
            let first = model.constraints[0]
            found.append(Diagnostic(.error, "conflicting-constraints", "the constraints together admit no case",
                at: first.idSpan, notes: model.constraints.map { "`\($0.id)`: \($0.title ?? "")" }))
        }
        return found
    }

    /// Constraints that together excluded every value of a fact: which constraint excluded what.
    static func excludedEverything(_ model: CheckedModel, _ cells: CellTable, _ full: [CellSet],
                                   _ narrowing: ConstraintNetwork.Narrowing, _ conflict: Int) -> Diagnostic {
        let constraint = model.constraints[conflict]
        let facts = constraint.condition.facts
        let emptied = facts.first { narrowing.domains[$0].isEmpty } ?? facts[0]
        var notes: [String] = []
        for fact in facts where narrowing.domains[fact] != full[fact] {
            let left = narrowing.domains[fact].members.map { model.facts[fact].display(cells.representative(fact, $0)) }
            let by = narrowing.narrowedBy[fact].map { "`\(model.constraints[$0].id)`" } ?? "the constraints"
            notes.append("`\(model.facts[fact].name)` was narrowed to \(left.isEmpty ? "nothing" : left.joined(separator: ", ")) by \(by)")
        }
        var diagnostic = Diagnostic(.error, "conflicting-constraints",
            "the constraints leave `\(model.facts[emptied].name)` no possible value", at: constraint.idSpan, notes: notes,
            help: "one of these constraints is too strong; a case with any value of the fact would be refused")
        diagnostic.related = model.constraints.enumerated().filter { narrowing.narrowedBy.values.contains($0.offset) }
            .map { Related("`\($0.element.id)` narrows it", at: $0.element.idSpan) }
        diagnostic.witness = facts.compactMap { fact in
            full[fact].members.first.map { cell in
                let value = cells.representative(fact, cell)
                return WitnessValue(fact: model.facts[fact].name, value: model.facts[fact].display(value), isBool: model.facts[fact].type == .bool)
            }
        }
        return diagnostic
    }
}

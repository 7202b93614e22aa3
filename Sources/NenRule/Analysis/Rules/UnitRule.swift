/// `unit`: a quantity compared with a bare number — `ki67 > 55` rather than `ki67 > 55 %`. The
/// checker reads a bare number in the fact's declared unit, so the rule means what it says only
/// if the editor knew that unit; in a guideline that mixes mm and cm that is a trap.
/// (Comparisons across dimensions are checker errors, code `dimension`.)
public struct UnitRule: LintRule {
    public let code = "unit"

    public func findings(_ context: LintContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for file in context.files {
            for item in file.items {
                switch item {
                case .decision(let d):
                    d.header.applies.map { check($0, context, &found) }
                    for branch in d.branches { branch.condition.map { check($0, context, &found) } }
                case .criteria(let c):
                    c.header.applies.map { check($0, context, &found) }
                    for criterion in c.criteria { check(criterion.condition, context, &found) }
                case .define(let d): check(d.expr, context, &found)
                case .table(let t):
                    t.header.applies.map { check($0, context, &found) }
                    for row in t.rows {
                        for (input, cell) in zip(t.inputs, row.cells) { checkCell(input, cell, context, &found) }
                    }
                default: break
                }
            }
        }
        return found
    }

    func check(_ expr: Expr, _ context: LintContext, _ found: inout [Diagnostic]) {
        switch expr {
        case .compare(let fact, _, let value, _): checkValue(fact, value, context, &found)
        case .inSet(let fact, let values, _, _): for value in values { checkValue(fact, value, context, &found) }
        case .inRange(let fact, let low, let high, _):
            checkValue(fact, low, context, &found)
            checkValue(fact, high, context, &found)
        case .not(let inner, _), .parenthesized(let inner, _): check(inner, context, &found)
        case .implies(let left, let right, _), .iff(let left, let right, _):
            check(left, context, &found)
            check(right, context, &found)
        case .and(let terms, _), .or(let terms, _): for term in terms { check(term, context, &found) }
        case .boolean, .name, .known, .error: break
        }
    }

    func checkCell(_ fact: Name, _ cell: Cell, _ context: LintContext, _ found: inout [Diagnostic]) {
        switch cell {
        case .any: break
        case .compare(_, let value, _): checkValue(fact, value, context, &found)
        case .range(let low, let high, _):
            checkValue(fact, low, context, &found)
            checkValue(fact, high, context, &found)
        case .inSet(let values, _, _): for value in values { checkValue(fact, value, context, &found) }
        }
    }

    func checkValue(_ fact: Name, _ value: Value, _ context: LintContext, _ found: inout [Diagnostic]) {
        guard case .quantity(let literal) = value, literal.unit == nil,
              let index = context.model.factIndex(fact.text),
              case .quantity(let dimension, let unit?) = context.model.facts[index].type else { return }
        let written = literal.text + (unit.name == "%" ? " %" : " \(unit.name)")
        found.append(Diagnostic(.warning, code, "`\(fact.text)` is a \(dimension.rawValue) but is compared with `\(literal.text)` without a unit",
                                at: literal.span, help: "write `\(written)` (a bare number is read in \(unit.name))"))
    }
}

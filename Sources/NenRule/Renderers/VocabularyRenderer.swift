/// The rule set's vocabulary — facts (type, unit, range, members, description, derivation),
/// outcomes (labels) and decisions (titles, sections) — so that a module's editor uses the
/// names that exist instead of inventing `margin_positive` beside `margin_status`.
public enum VocabularyRenderer {
    public static func text(_ model: CheckedModel) -> String {
        var out = "facts (\(model.facts.count)):\n"
        for fact in model.facts.sorted(by: { $0.name < $1.name }) {
            out += "  \(fact.name): \(fact.type.description)"
            if !fact.equivalentUnits.isEmpty { out += " (also \(fact.equivalentUnits.map(\.name).joined(separator: ", ")))" }
            if fact.low != nil || fact.high != nil { out += ", range \(fact.rangeText)" }
            if let derivedBy = fact.derivedBy { out += ", derived by \(model.decisions[derivedBy].id)" }
            out += fact.description.map { " — \($0)" } ?? ""
            out += "\n"
        }
        out += "outcomes (\(model.outcomes.count)):\n"
        for outcome in model.outcomes.sorted(by: { $0.name < $1.name }) {
            out += "  \(outcome.name)" + (outcome.label.map { " — \($0)" } ?? "") + "\n"
        }
        out += "decisions (\(model.decisions.count)):\n"
        for decision in model.decisions.sorted(by: { $0.id < $1.id }) {
            out += "  \(decision.id)" + (decision.title.map { " — \($0)" } ?? "")
                + (decision.cites.isEmpty ? "" : " [\(decision.cites.joined(separator: ", "))]") + "\n"
        }
        out += "constraints (\(model.constraints.count)):\n"
        for constraint in model.constraints.sorted(by: { $0.id < $1.id }) {
            out += "  \(constraint.id)" + (constraint.title.map { " — \($0)" } ?? "") + "\n"
        }
        return out
    }

    public static func json(_ model: CheckedModel) -> JSONNode {
        let optional = { (text: String?) in text.map { JSONNode.string($0) } ?? .null }
        return .object([
            ("facts", .array(model.facts.map { fact in
                var members: [(String, JSONNode)] = [("name", .string(fact.name)), ("description", optional(fact.description))]
                switch fact.type {
                case .bool: members.append(("type", .string("bool")))
                case .number: members.append(("type", .string("number")))
                case .enumeration(let values, let ordered):
                    members += [("type", .string(ordered ? "ordered" : "enum")), ("members", .array(values.map { .string($0) }))]
                case .quantity(let dimension, let unit):
                    members += [("type", .string(dimension.rawValue)), ("unit", optional(unit?.name)),
                                ("units", .array((Unit.units(of: dimension) + fact.equivalentUnits).map { .string($0.name) }))]
                }
                members.append(("range", fact.low != nil || fact.high != nil ? .string(fact.rangeText) : .null))
                members.append(("derived_by", optional(fact.derivedBy.map { model.decisions[$0].id })))
                return .object(members)
            })),
            ("outcomes", .array(model.outcomes.map { .object([("name", .string($0.name)), ("label", optional($0.label))]) })),
            ("decisions", .array(model.decisions.map { decision in
                .object([("id", .string(decision.id)), ("title", optional(decision.title)), ("cite", .array(decision.cites.map { .string($0) }))])
            })),
            ("constraints", .array(model.constraints.map { .object([("id", .string($0.id)), ("title", optional($0.title))]) })),
        ])
    }
}

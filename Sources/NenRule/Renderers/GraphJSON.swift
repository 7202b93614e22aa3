/// The documented serialisation of the compiled graph (Grammar/graph-json.md): facts by name,
/// condition nodes by their index in the graph, decisions by id. Bump `version` on any change
/// that a reader of version 1 would misread.
extension GraphRenderer {
    public static let jsonFormat = "nenrule-graph"
    public static let jsonVersion = 1

    public static func json(_ graph: DecisionGraph, scope: GraphScope) -> JSONNode {
        .object([
            ("format", .string(jsonFormat)),
            ("version", .number(String(jsonVersion))),
            ("ruleset", .object([
                ("name", .string(graph.info.name)), ("title", optional(graph.info.title)),
                ("version", optional(graph.info.version)), ("digest", .string(graph.digest)),
            ])),
            ("focus", optional(scope.focus.map { graph.decisions[$0].id })),
            ("facts", .array(scope.facts.map { factJSON(graph, $0, scope) })),
            ("outcomes", .array(outcomeNames(graph, scope).map { name in
                .object([("name", .string(name)), ("label", optional(graph.outcomeLabels[name]))])
            })),
            ("nodes", .array(scope.nodes.map { nodeJSON(graph, $0) })),
            ("decisions", .array(scope.decisions.map { decisionJSON(graph, $0) })),
            ("constraints", .array(scope.constraints.map { constraintJSON(graph, $0) })),
        ])
    }

    static func constraintJSON(_ graph: DecisionGraph, _ index: Int) -> JSONNode {
        let constraint = graph.constraints[index]
        return .object([
            ("id", .string(constraint.id)), ("title", optional(constraint.title)), ("cites", strings(constraint.cites)),
            ("notes", strings(constraint.notes)), ("condition", .number(String(constraint.node))),
            ("facts", strings(constraint.condition.facts.map { graph.facts[$0].name })),
        ])
    }

    static func optional(_ text: String?) -> JSONNode { text.map { .string($0) } ?? .null }
    static func strings(_ items: [String]) -> JSONNode { .array(items.map { .string($0) }) }

    static func factJSON(_ graph: DecisionGraph, _ slot: Int, _ scope: GraphScope) -> JSONNode {
        let fact = graph.facts[slot]
        let deriving = Int(graph.derivedBy[slot])
        let readers = scope.decisions.filter { decisionReads(graph, $0).contains(slot) }.map { graph.decisions[$0].id }
        return .object([
            ("name", .string(fact.name)), ("slot", .number(String(slot))), ("type", typeJSON(fact.type)),
            ("range", rangeJSON(fact)), ("description", optional(fact.description)),
            ("derivedBy", optional(deriving >= 0 ? graph.decisions[deriving].id : nil)), ("readBy", strings(readers)),
        ])
    }

    static func typeJSON(_ type: FactType) -> JSONNode {
        switch type {
        case .bool: .object([("kind", .string("bool"))])
        case .number: .object([("kind", .string("number"))])
        case .enumeration(let members, let ordered):
            .object([("kind", .string("enum")), ("ordered", .bool(ordered)), ("members", strings(members))])
        case .quantity(let dimension, let unit):
            .object([("kind", .string("quantity")), ("dimension", .string(dimension.rawValue)), ("unit", optional(unit?.name))])
        }
    }

    static func rangeJSON(_ fact: CheckedFact) -> JSONNode {
        func bound(_ bound: Bound?) -> JSONNode {
            bound.map { .object([("value", .string(fact.display($0.value))), ("inclusive", .bool($0.inclusive))]) } ?? .null
        }
        return fact.low == nil && fact.high == nil ? .null : .object([("low", bound(fact.low)), ("high", bound(fact.high))])
    }

    static func nodeJSON(_ graph: DecisionGraph, _ index: Int) -> JSONNode {
        let node = graph.nodes[index]
        func fact(_ slot: Int32) -> (String, JSONNode) { ("fact", .string(graph.facts[Int(slot)].name)) }
        let operands = GraphScope.operands(of: node, in: graph).map { JSONNode.number(String($0)) }
        let fields: [(String, JSONNode)] = switch node {
        case .constant(let value): [("op", .string("constant")), ("value", .bool(value))]
        case .isTrue(let slot): [("op", .string("fact")), fact(slot)]
        case .known(let slot): [("op", .string("known")), fact(slot)]
        case .compare(let slot, let relation, let value):
            [("op", .string("compare")), fact(slot), ("relation", .string(relation.rawValue)),
             ("value", .string(graph.facts[Int(slot)].display(value)))]
        case .member(let slot, let mask):
            [("op", .string("member")), fact(slot), ("members", strings(memberNames(graph.facts[Int(slot)], mask)))]
        case .not: [("op", .string("not")), ("operand", operands[0])]
        case .and: [("op", .string("and")), ("operands", .array(operands))]
        case .or: [("op", .string("or")), ("operands", .array(operands))]
        }
        return .object([("id", .number(String(index)))] + fields + [("text", .string(GraphDump.describe(node, graph)))])
    }

    static func memberNames(_ fact: CheckedFact, _ mask: UInt64) -> [String] {
        (0..<64).filter { mask & (1 << UInt64($0)) != 0 }.map { fact.display(Int64($0)) }
    }

    static func decisionJSON(_ graph: DecisionGraph, _ index: Int) -> JSONNode {
        let decision = graph.decisions[index]
        return .object([
            ("id", .string(decision.id)), ("title", optional(decision.title)), ("kind", .string(decision.kind.rawValue)),
            ("policy", .string(decision.policy.rawValue)),
            ("guard", decision.guardNode >= 0 ? .number(String(decision.guardNode)) : .null),
            ("derives", optional(decision.derives >= 0 ? graph.facts[Int(decision.derives)].name : nil)),
            ("outputs", strings(outputs(decision))), ("cite", strings(decision.cites)),
            ("reads", strings(decisionReads(graph, index).map { graph.facts[$0].name })),
            ("branches", .array(decision.branches.enumerated().map { branchJSON(decision, $1, number: $0 + 1) })),
            ("otherwise", decision.otherwise.map { branchJSON(decision, $0, number: nil) } ?? .null),
        ])
    }

    static func branchJSON(_ decision: DecisionGraph.Decision, _ branch: DecisionGraph.Branch, number: Int?) -> JSONNode {
        var fields: [(String, JSONNode)] = number.map { [("index", .number(String($0))), ("node", .number(String(branch.node)))] } ?? []
        if decision.kind == .criteria {
            fields += [("relative", .bool(branch.relative)), ("label", optional(branch.label))]
        } else {
            fields.append(("results", .array(branch.results.map { result in
                .object([("output", .string(decision.outputNames[result.output])), ("strength", optional(result.strength?.rawValue))])
            })))
        }
        return .object(fields + [("cite", strings(branch.cites)), ("notes", strings(branch.notes))])
    }

    /// Slots a decision's guard and rules read, ascending.
    static func decisionReads(_ graph: DecisionGraph, _ index: Int) -> [Int] {
        let decision = graph.decisions[index]
        return Set(decision.guardReads + decision.branches.flatMap(\.reads)).map(Int.init).sorted()
    }

    /// What a decision can answer: the derived enum's members or the criteria results, in
    /// declared order; otherwise the outcomes its rules name, in rule order.
    static func outputs(_ decision: DecisionGraph.Decision) -> [String] {
        guard decision.derives < 0, decision.kind != .criteria else { return decision.outputNames }
        var names: [String] = []
        for branch in decision.branches + [decision.otherwise].compactMap({ $0 }) {
            for result in branch.results where !names.contains(decision.outputNames[result.output]) {
                names.append(decision.outputNames[result.output])
            }
        }
        return names
    }

    /// Outcome names the decisions in scope can give, in order of first use.
    static func outcomeNames(_ graph: DecisionGraph, _ scope: GraphScope) -> [String] {
        var names: [String] = []
        for index in scope.decisions where graph.decisions[index].derives < 0 && graph.decisions[index].kind != .criteria {
            for name in outputs(graph.decisions[index]) where !names.contains(name) { names.append(name) }
        }
        return names
    }
}

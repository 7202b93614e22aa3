/// Lowers the checked model to a `DecisionGraph`.
public struct Compiler {
    private var nodes: [DecisionGraph.Node] = []
    private var operands: [Int32] = []
    private var nodeIndex: [DecisionGraph.Node: Int32] = [:]

    public static func compile(_ model: CheckedModel) -> DecisionGraph {
        var compiler = Compiler()
        let decisions = model.decisions.indices.map { compiler.lower(model, $0) }
        var graph = DecisionGraph(
            info: model.info, facts: model.facts, nodes: compiler.nodes, operands: compiler.operands,
            decisions: decisions, derivedBy: model.facts.map { Int32($0.derivedBy ?? -1) },
            outcomeLabels: Dictionary(model.outcomes.compactMap { o in o.label.map { (o.name, $0) } }, uniquingKeysWith: { a, _ in a }),
            digest: "")
        graph.digest = "sha256:" + SHA256.hex(GraphDump.canonical(graph))
        return graph
    }

    private mutating func lower(_ model: CheckedModel, _ index: Int) -> DecisionGraph.Decision {
        let decision = model.decisions[index]
        let derives: Int32 = if case .members(let fact) = decision.outputs { Int32(fact) } else { -1 }
        return DecisionGraph.Decision(
            id: decision.id, title: decision.title, kind: decision.kind, policy: decision.policy,
            guardNode: decision.applies.map { intern($0) } ?? -1,
            guardReads: (decision.applies?.facts ?? []).map { Int32($0) },
            branches: decision.branches.map { lower($0, decision) },
            otherwise: decision.otherwise.map { lower($0, decision) },
            derives: derives, outputNames: model.outputNames(index), cites: decision.cites, span: decision.span)
    }

    private mutating func lower(_ branch: CheckedBranch, _ decision: CheckedDecision) -> DecisionGraph.Branch {
        DecisionGraph.Branch(
            node: intern(branch.condition), results: branch.results,
            cites: branch.cites.isEmpty ? decision.cites : branch.cites, notes: branch.notes,
            relative: branch.relative, label: branch.label, reads: branch.condition.facts.map { Int32($0) },
            span: branch.span)
    }

    /// Returns the node for a condition, creating it (and its operands) only once.
    private mutating func intern(_ condition: Condition) -> Int32 {
        let node: DecisionGraph.Node
        switch condition {
        case .constant(let value): node = .constant(value)
        case .isTrue(let fact): node = .isTrue(slot: Int32(fact))
        case .known(let fact): node = .known(slot: Int32(fact))
        case .compare(let fact, let op, let value): node = .compare(slot: Int32(fact), op, value)
        case .member(let fact, let mask): node = .member(slot: Int32(fact), mask: mask)
        case .not(let inner): node = .not(intern(inner))
        case .and(let terms), .or(let terms):
            if terms.count == 1 { return intern(terms[0]) }
            let children = terms.map { intern($0) }
            let start = Int32(operands.count)
            // Identical operand runs share one node; look it up before appending.
            let probe: DecisionGraph.Node = if case .and = condition {
                .and(start: start, count: Int32(children.count))
            } else {
                .or(start: start, count: Int32(children.count))
            }
            if let existing = findRun(children, like: probe) { return existing }
            operands.append(contentsOf: children)
            node = probe
        }
        if let existing = nodeIndex[node] { return existing }
        nodes.append(node)
        nodeIndex[node] = Int32(nodes.count - 1)
        return Int32(nodes.count - 1)
    }

    /// An existing and/or node over exactly these children, so shared conjunctions are one node.
    private var runIndex: [RunKey: Int32] = [:]
    private struct RunKey: Hashable {
        var isAnd: Bool
        var children: [Int32]
    }

    private mutating func findRun(_ children: [Int32], like probe: DecisionGraph.Node) -> Int32? {
        let isAnd = if case .and = probe { true } else { false }
        let key = RunKey(isAnd: isAnd, children: children)
        if let existing = runIndex[key] { return existing }
        runIndex[key] = Int32(nodes.count)
        return nil
    }
}

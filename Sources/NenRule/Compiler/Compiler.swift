/// Lowers the checked model to a `DecisionGraph`.
public struct Compiler {
    private var nodes: [DecisionGraph.Node] = []
    private var operands: [Int32] = []
    private var nodeIndex: [DecisionGraph.Node: Int32] = [:]
    /// Branch answers (outcome and strength pairs) numbered across the rule set.
    private var signatures: [String: Int32] = [:]

    public static func compile(_ model: CheckedModel) -> DecisionGraph {
        var compiler = Compiler()
        let decisions = model.decisions.indices.map { compiler.lower(model, $0) }
        let constraints = model.constraints.map { constraint in
            DecisionGraph.Constraint(id: constraint.id, title: constraint.title, cites: constraint.cites, notes: constraint.notes,
                                     node: compiler.intern(constraint.condition), condition: constraint.condition, span: constraint.span)
        }
        var graph = DecisionGraph(
            info: model.info, facts: model.facts, nodes: compiler.nodes, operands: compiler.operands,
            decisions: decisions, constraints: constraints, network: ConstraintNetwork(model, cells: CellTable(model)), derivedBy: model.facts.map { Int32($0.derivedBy ?? -1) },
            outcomeLabels: Dictionary(model.outcomes.compactMap { o in o.label.map { (o.name, $0) } }, uniquingKeysWith: { a, _ in a }),
            plan: Plan(decisions),
            digest: "")
        graph.dateSpans = model.facts.enumerated().compactMap { slot, fact in fact.between.map { (slot, $0.from, $0.to) } }
        graph.digest = "sha256:" + SHA256.hex(GraphDump.canonical(graph))
        return graph
    }

    private mutating func lower(_ model: CheckedModel, _ index: Int) -> DecisionGraph.Decision {
        let decision = model.decisions[index]
        let derives: Int32 = if case .members(let fact) = decision.outputs { Int32(fact) } else { -1 }
        let local = Compiler.localOutputs(model, index)
        return DecisionGraph.Decision(
            id: decision.id, title: decision.title, kind: decision.kind, policy: decision.policy,
            guardNode: decision.applies.map { intern($0) } ?? -1,
            guardReads: (decision.applies?.facts ?? []).map { Int32($0) },
            branches: decision.branches.map { lower($0, decision, local) },
            otherwise: decision.otherwise.map { lower($0, decision, local) },
            derives: derives, outputNames: model.outputNames(index), localOutputs: local, cites: decision.cites, span: decision.span)
    }

    /// Every output a decision can give, ascending. Derived decisions can give any member (the
    /// members' order ranks them); criteria answer met / met_except_relative / not_met.
    static func localOutputs(_ model: CheckedModel, _ index: Int) -> [Int32] {
        let decision = model.decisions[index]
        switch decision.outputs {
        case .members, .criteria: return model.outputNames(index).indices.map { Int32($0) }
        case .outcomes:
            let used = (decision.branches + (decision.otherwise.map { [$0] } ?? [])).flatMap { $0.results.map(\.output) }
            return Set(used).sorted().map { Int32($0) }
        }
    }

    private mutating func lower(_ branch: CheckedBranch, _ decision: CheckedDecision, _ local: [Int32]) -> DecisionGraph.Branch {
        let mask = branch.results.reduce(UInt64(0)) { mask, result in
            guard let position = local.firstIndex(of: Int32(result.output)), position < 64 else { return mask }
            return mask | 1 << UInt64(position)
        }
        let answer = branch.results.map { "\($0.output):\($0.strength?.rawValue ?? "")" }.sorted().joined(separator: ",")
        let signature = signatures[answer] ?? Int32(signatures.count)
        signatures[answer] = signature
        return DecisionGraph.Branch(
            node: intern(branch.condition), results: branch.results, mask: mask, signature: signature,
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

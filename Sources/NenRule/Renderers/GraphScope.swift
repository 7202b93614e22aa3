/// Which part of a compiled graph a renderer shows: the whole rule set, or one decision with
/// everything it reads, including (transitively) the decisions that derive the facts it reads.
/// Every list is in ascending index order, so output never depends on hashing.
public struct GraphScope: Sendable {
    /// The decision asked for, or nil for the whole rule set.
    public var focus: Int?
    public var decisions: [Int]
    /// Every slot for the whole rule set; for a focus, the slots in `usedFacts`.
    public var facts: [Int]
    /// Slots read or derived by the decisions in scope.
    public var usedFacts: [Int]
    /// Condition nodes used by guards and rules in scope (an `otherwise` uses none), and by
    /// the constraints in scope.
    public var nodes: [Int]
    /// The constraints relating a fact the decisions in scope read or derive, ascending.
    public var constraints: [Int]

    public init(_ graph: DecisionGraph, focus: Int? = nil) {
        self.focus = focus
        decisions = focus.map { Self.closure(of: $0, in: graph) } ?? Array(graph.decisions.indices)
        let decisionNodes = Self.nodes(of: decisions, in: graph)
        let read = Set(decisionNodes.flatMap { Self.slots(read: graph.nodes[$0]) })
            .union(decisions.map { Int(graph.decisions[$0].derives) }.filter { $0 >= 0 })
        constraints = graph.constraints.indices.filter { !read.isDisjoint(with: graph.constraints[$0].condition.facts) }
        nodes = Set(decisionNodes).union(Self.reachable(from: constraints.map { Int(graph.constraints[$0].node) }, in: graph)).sorted()
        let used = read.union(nodes.flatMap { Self.slots(read: graph.nodes[$0]) })
        usedFacts = graph.facts.indices.filter(used.contains)
        facts = focus == nil ? Array(graph.facts.indices) : usedFacts
    }

    /// The decision and those deriving what it reads, transitively.
    static func closure(of root: Int, in graph: DecisionGraph) -> [Int] {
        var found: Set<Int> = [root]
        var pending = [root]
        while let next = pending.popLast() {
            for node in nodes(of: [next], in: graph) {
                for slot in slots(read: graph.nodes[node]) {
                    let deriving = Int(graph.derivedBy[slot])
                    if deriving >= 0, found.insert(deriving).inserted { pending.append(deriving) }
                }
            }
        }
        return found.sorted()
    }

    /// Every node reachable from the guards and rules of `decisions`, ascending.
    static func nodes(of decisions: [Int], in graph: DecisionGraph) -> [Int] {
        reachable(from: decisions.flatMap { index -> [Int32] in
            let decision = graph.decisions[index]
            return [decision.guardNode].filter { $0 >= 0 } + decision.branches.map(\.node)
        }.map(Int.init), in: graph)
    }

    /// Every node reachable from `roots`, ascending.
    static func reachable(from roots: [Int], in graph: DecisionGraph) -> [Int] {
        var seen: Set<Int> = []
        var pending = roots
        while let node = pending.popLast() {
            guard seen.insert(node).inserted else { continue }
            pending += operands(of: graph.nodes[node], in: graph)
        }
        return seen.sorted()
    }

    /// The child nodes of a compound node.
    static func operands(of node: DecisionGraph.Node, in graph: DecisionGraph) -> [Int] {
        switch node {
        case .not(let inner): [Int(inner)]
        case .and(let start, let count), .or(let start, let count): graph.operands[Int(start)..<Int(start + count)].map(Int.init)
        default: []
        }
    }

    /// The slot a leaf node reads, if any.
    static func slots(read node: DecisionGraph.Node) -> [Int] {
        switch node {
        case .isTrue(let slot), .known(let slot), .compare(let slot, _, _), .member(let slot, _): [Int(slot)]
        default: []
        }
    }
}

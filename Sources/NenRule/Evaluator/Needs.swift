/// Which missing facts would settle an undetermined decision: the unknown leaves under its
/// unknown conditions. A derived fact that is unknown contributes itself (giving it settles
/// the question) and the facts its own decision needs.
extension Evaluator {
    func needNames(_ slots: [Int32]) -> [String] { slots.map { graph.facts[Int($0)].name } }

    /// Slots needed by these unknown nodes, in declaration order, without repeats.
    mutating func needSlots(_ nodes: [Int32], excluding decision: Int = -1) -> [Int32] {
        var wanted = [Bool](repeating: false, count: graph.facts.count)
        var visitedDecisions: Set<Int32> = decision >= 0 ? [Int32(decision)] : []
        for node in nodes { collectNeeds(node, &wanted, &visitedDecisions) }
        return wanted.indices.filter { wanted[$0] }.map { Int32($0) }
    }

    mutating func collectNeeds(_ node: Int32, _ wanted: inout [Bool], _ visited: inout Set<Int32>) {
        guard truth(node) == .unknown else { return }
        switch graph.nodes[Int(node)] {
        case .constant, .known: break
        case .isTrue(let slot), .compare(let slot, _, _), .member(let slot, _):
            collectSlot(slot, &wanted, &visited)
        case .not(let inner): collectNeeds(inner, &wanted, &visited)
        case .and(let start, let count), .or(let start, let count):
            for k in Int(start)..<Int(start + count) { collectNeeds(graph.operands[k], &wanted, &visited) }
        }
    }

    mutating func collectSlot(_ slot: Int32, _ wanted: inout [Bool], _ visited: inout Set<Int32>) {
        wanted[Int(slot)] = true
        let by = graph.derivedBy[Int(slot)]
        guard by >= 0, visited.insert(by).inserted else { return }
        let decision = graph.decisions[Int(by)]
        var nodes = decision.guardNode >= 0 ? [decision.guardNode] : []
        nodes += decision.branches.map(\.node)
        for node in nodes { collectNeeds(node, &wanted, &visited) }
    }
}

extension Array where Element: Hashable {
    /// The elements without repeats, first occurrence kept.
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}

/// `needs` over the explored completions: the missing facts that can still change the answer.
extension Evaluator {
    /// The missing facts that can still change the answer, and the derived facts they feed. A
    /// fact can when knowing it could narrow the possible answers, or when two leaves that differ
    /// in it alone, agreeing on every other fact they fix, answer differently. Facts read by
    /// `known(...)` tests are listed too: giving one changes what the record says. `order` maps
    /// a leaf's assignment positions to facts.
    func neededSlots(_ d: Int, _ leaves: [ExploredLeaf], _ keys: Set<AnswerKey>, _ order: [Int],
                     _ knownReads: Set<Int32>) -> [Int32] {
        let index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        let answers = leaves.map { index[$0.key]! }
        var needed = Set(order.indices.filter { place in
            narrows(place, leaves, answers, keys.count) || flips(place, leaves, answers)
        }.map { order[$0] })
        for slot in knownReads where values.storage[Int(slot)] == Evaluator.unknown { needed.insert(Int(slot)) }
        if needed.isEmpty {
            needed = Set(order.indices.filter { place in leaves.contains { $0.assigned.isFixed(place) } }.map { order[$0] })
        }
        let state = exactState
        for slot in state.closure[d].map({ Int($0) }) where graph.derivedBy[slot] >= 0 && values.storage[slot] == Evaluator.unknown {
            let by = Int(graph.derivedBy[slot])
            if state.closure[by].contains(where: { needed.contains(Int($0)) }) { needed.insert(slot) }
        }
        return needed.sorted().map { Int32($0) }
    }

    /// Whether fixing the fact at `place` to one of the classes the leaves give it leaves fewer
    /// answers possible. A leaf that leaves the fact open counts for every class.
    private func narrows(_ place: Int, _ leaves: [ExploredLeaf], _ answers: [Int], _ total: Int) -> Bool {
        var open = Set<Int>(), byClass: [Int8: Set<Int>] = [:]
        for (leaf, answer) in zip(leaves, answers) {
            let part = leaf.assigned.classes[place]
            if part >= 0 { byClass[part, default: []].insert(answer) } else { open.insert(answer) }
        }
        return byClass.values.contains { $0.union(open).count != total }
    }

    /// Whether two leaves fixing the same other facts alike, the one at `place` differently,
    /// answer differently: a completion whose answer that fact alone changes.
    private func flips(_ place: Int, _ leaves: [ExploredLeaf], _ answers: [Int]) -> Bool {
        var first: [ClassAssignment: Int] = [:]
        for (leaf, answer) in zip(leaves, answers) where leaf.assigned.isFixed(place) {
            var others = leaf.assigned
            others.classes[place] = -2
            if let seen = first[others] {
                if seen != answer { return true }
            } else {
                first[others] = answer
            }
        }
        return false
    }
}

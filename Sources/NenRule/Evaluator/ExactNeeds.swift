/// `needs` over the explored completions: the missing facts that can still change the answer.
extension Evaluator {
    /// The missing facts that can still change the answer, and the derived facts they feed. A
    /// fact can when knowing it could narrow the possible answers, or when two leaves that differ
    /// in it alone, agreeing on every other fact they fix, answer differently. Facts read by
    /// `known(...)` tests are listed too: giving one changes what the record says.
    func neededSlots(_ d: Int, _ leaves: [ExploredLeaf], _ keys: Set<AnswerKey>, _ open: [Int: [CellSet]],
                     _ knownReads: Set<Int32>) -> [Int32] {
        let index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        let answers = leaves.map { index[$0.key]! }
        var needed = Set(open.keys.filter { fact in
            narrows(fact, leaves, answers, keys.count) || flips(fact, leaves, answers)
        })
        for slot in knownReads where values.storage[Int(slot)] == Evaluator.unknown { needed.insert(Int(slot)) }
        if needed.isEmpty { needed = Set(leaves.flatMap(\.assigned.keys)) }
        let state = exactState
        for slot in state.closure[d].map({ Int($0) }) where graph.derivedBy[slot] >= 0 && values.storage[slot] == Evaluator.unknown {
            let by = Int(graph.derivedBy[slot])
            if state.closure[by].contains(where: { needed.contains(Int($0)) }) { needed.insert(slot) }
        }
        return needed.sorted().map { Int32($0) }
    }

    /// Whether fixing `fact` to one of the classes the leaves give it leaves fewer answers
    /// possible. A leaf that leaves the fact open counts for every class.
    private func narrows(_ fact: Int, _ leaves: [ExploredLeaf], _ answers: [Int], _ total: Int) -> Bool {
        var open = Set<Int>(), byClass: [Int: Set<Int>] = [:]
        for (leaf, answer) in zip(leaves, answers) {
            if let part = leaf.assigned[fact] { byClass[part, default: []].insert(answer) } else { open.insert(answer) }
        }
        return byClass.values.contains { $0.union(open).count != total }
    }

    /// Whether two leaves fixing the same other facts alike, `fact` differently, answer
    /// differently: a completion whose answer `fact` alone changes.
    private func flips(_ fact: Int, _ leaves: [ExploredLeaf], _ answers: [Int]) -> Bool {
        var first: [[Int: Int]: Int] = [:]
        for (leaf, answer) in zip(leaves, answers) where leaf.assigned[fact] != nil {
            var others = leaf.assigned
            others[fact] = nil
            if let seen = first[others] {
                if seen != answer { return true }
            } else {
                first[others] = answer
            }
        }
        return false
    }
}

/// Which missing facts would settle an undetermined decision: the missing leaves under the
/// unknown conditions that keep it open. A derived fact that is missing contributes itself
/// (giving it settles the question) and what its own decision needs. Computed on demand and
/// memoised per case.
extension Evaluator {
    /// Slots the decision needs, in declaration order (empty unless undetermined).
    public mutating func needs(of d: Int) -> ArraySlice<Int32> {
        guard status[d] == .undetermined, decisionEpoch[d] == epoch else { return [] }
        if needsEpoch[d] != epoch {
            var visited: [Int] = [d]
            collectDecisionNeeds(d, &visited)
            needsStart[d] = Int32(needsBuffer.count)
            var count: Int32 = 0
            for slot in wanted.indices where wanted[slot] {
                needsBuffer.append(Int32(slot))
                wanted[slot] = false
                count += 1
            }
            needsCount[d] = count
            needsEpoch[d] = epoch
        }
        let start = Int(needsStart[d])
        return needsBuffer[start..<start + Int(needsCount[d])]
    }

    mutating func collectDecisionNeeds(_ d: Int, _ visited: inout [Int]) {
        let decision = graph.decisions[d]
        if guardTruth[d] == .unknown { collectNode(decision.guardNode, &visited) }
        if outputMask[d] == 0, guardTruth[d] == .true {
            // No branch holds and none is unknown: what is missing among its reads is what it
            // needs (`known(...)` guards leave such cases here).
            for slot in decision.guardReads + decision.branches.flatMap(\.reads) where values[Int(slot)] == Evaluator.unknown {
                collectSlot(slot, &visited)
            }
            return
        }
        for node in openNodes(decision) { collectNode(node, &visited) }
    }

    /// The unknown conditions that keep the decision open, per policy.
    mutating func openNodes(_ decision: DecisionGraph.Decision) -> [Int32] {
        let truths = decision.branches.map { truth($0.node) }
        let unknown = decision.branches.indices.filter { truths[$0] == .unknown }
        if decision.kind == .criteria {
            let absoluteOpen = unknown.contains { !decision.branches[$0].relative }
            return unknown.filter { absoluteOpen || decision.branches[$0].relative }.map { decision.branches[$0].node }
        }
        switch decision.policy {
        case .first, .unique:
            let winner = truths.firstIndex(of: .true) ?? truths.count
            return unknown.filter { $0 < winner }.map { decision.branches[$0].node }
        case .collect:
            let trues = decision.branches.indices.filter { truths[$0] == .true }
            let held = trues.reduce(UInt64(0)) { $0 | decision.branches[$1].mask }
            return unknown.filter { trues.isEmpty || decision.branches[$0].mask & ~held != 0 }.map { decision.branches[$0].node }
        case .highest:
            let best = decision.branches.indices.filter { truths[$0] == .true }.map { Evaluator.rank(decision.branches[$0].mask) }.max() ?? -1
            return unknown.filter { Evaluator.rank(decision.branches[$0].mask) > best }.map { decision.branches[$0].node }
        }
    }

    mutating func collectNode(_ node: Int32, _ visited: inout [Int]) {
        guard truth(node) == .unknown else { return }
        switch graph.nodes[Int(node)] {
        case .constant, .known: break
        case .isTrue(let slot), .compare(let slot, _, _), .member(let slot, _): collectSlot(slot, &visited)
        case .not(let inner): collectNode(inner, &visited)
        case .and(let start, let count), .or(let start, let count):
            for k in Int(start)..<Int(start + count) { collectNode(graph.operands[k], &visited) }
        }
    }

    mutating func collectSlot(_ slot: Int32, _ visited: inout [Int]) {
        wanted[Int(slot)] = true
        let by = Int(graph.derivedBy[Int(slot)])
        guard by >= 0, values[Int(slot)] == Evaluator.unknown, decisionEpoch[by] == epoch,
              status[by] == .undetermined, !visited.contains(by) else { return }
        visited.append(by)
        collectDecisionNeeds(by, &visited)
    }
}

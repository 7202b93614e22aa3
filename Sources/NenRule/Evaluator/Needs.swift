/// Which missing facts would settle an undetermined decision: the missing leaves under the
/// unknown conditions that keep it open. A derived fact that is missing contributes itself
/// (giving it settles the question) and what its own decision needs. Computed on demand,
/// memoised per case, and without allocating beyond the reused buffers.
extension Evaluator {
    /// Slots the decision needs, in declaration order (empty unless undetermined).
    public func needs(of d: Int) -> ArraySlice<Int32> {
        guard status[d] == .undetermined, decisionEpoch[d] == epoch else { return needsBuffer[0..<0] }
        if needsEpoch[d] != epoch {
            visitStamp &+= 1
            needsVisit[d] = visitStamp
            collectDecisionNeeds(d)
            // Needs are listed in declaration order.
            wantedSlots.sort()
            scalars.pointee.needsDirty = true
            needsStart[d] = Int32(needsBuffer.count)
            for slot in wantedSlots {
                needsBuffer.append(slot)
                wanted[Int(slot)] = false
            }
            needsCount[d] = Int32(wantedSlots.count)
            wantedSlots.removeAll(keepingCapacity: true)
            needsEpoch[d] = epoch
        }
        guard needsCount[d] > 0 else { return needsBuffer[0..<0] }
        let start = Int(needsStart[d])
        return needsBuffer[start..<start + Int(needsCount[d])]
    }

    func collectDecisionNeeds(_ d: Int) {
        if guardTruth[d] == .unknown { collectNode(plan.guardNode[d]) }
        if outputMask[d] == 0, guardTruth[d] == .true {
            // No branch holds and none is unknown: what is missing among its reads is what it
            // needs (`known(...)` guards leave such cases here).
            collectMissingReads(d)
            return
        }
        collectOpenBranches(d)
    }

    func collectMissingReads(_ d: Int) {
        let decision = graph.decisions[d]
        for slot in decision.guardReads where values[Int(slot)] == Evaluator.unknown { collectSlot(slot) }
        for branch in decision.branches {
            for slot in branch.reads where values[Int(slot)] == Evaluator.unknown { collectSlot(slot) }
        }
    }

    /// The unknown branches that keep the decision open, per policy.
    func collectOpenBranches(_ d: Int) {
        let range = plan.branches(d)
        switch plan.mode[d] {
        case .criteria:
            let absoluteOpen = range.contains { !plan.branchRelative[$0] && truth(plan.branchNode[$0]) == .unknown }
            for b in range where (absoluteOpen || plan.branchRelative[b]) && truth(plan.branchNode[b]) == .unknown {
                collectNode(plan.branchNode[b])
            }
        case .first, .unique:
            for b in range {
                let t = truth(plan.branchNode[b])
                if t == .true { break }
                if t == .unknown { collectNode(plan.branchNode[b]) }
            }
        case .collect:
            var held: UInt64 = 0, trues = 0
            for b in range where truth(plan.branchNode[b]) == .true { held |= plan.branchMask[b]; trues += 1 }
            for b in range where truth(plan.branchNode[b]) == .unknown && (trues == 0 || plan.branchMask[b] & ~held != 0) {
                collectNode(plan.branchNode[b])
            }
        case .highest:
            var best = -1
            for b in range where truth(plan.branchNode[b]) == .true { best = max(best, Evaluator.rank(plan.branchMask[b])) }
            for b in range where truth(plan.branchNode[b]) == .unknown && Evaluator.rank(plan.branchMask[b]) > best {
                collectNode(plan.branchNode[b])
            }
        }
    }

    func collectNode(_ node: Int32) {
        guard truth(node) == .unknown else { return }
        switch nodes[Int(node)] {
        case .constant, .known: break
        case .isTrue(let slot), .compare(let slot, _, _), .member(let slot, _): collectSlot(slot)
        case .not(let inner): collectNode(inner)
        case .and(let start, let count), .or(let start, let count):
            for k in Int(start)..<Int(start + count) { collectNode(operands[k]) }
        }
    }

    func collectSlot(_ slot: Int32) {
        if !wanted[Int(slot)] {
            wanted[Int(slot)] = true
            wantedSlots.append(slot)
        }
        let by = Int(derivedBy[Int(slot)])
        guard by >= 0, values[Int(slot)] == Evaluator.unknown, decisionEpoch[by] == epoch,
              status[by] == .undetermined, needsVisit[by] != visitStamp else { return }
        needsVisit[by] = visitStamp
        collectDecisionNeeds(by)
    }
}

/// Which missing facts would settle an undetermined decision: the missing leaves under the
/// unknown conditions that keep it open. A derived fact that is missing contributes itself
/// (giving it settles the question) and what its own decision needs. Computed on demand,
/// memoised per case, and without allocating beyond the reused buffers.
extension Evaluator {
    /// Slots the decision needs, in declaration order (empty unless undetermined).
    public func needs(of d: Int) -> [Int32] { Array(needsView(of: d)) }

    /// `needs(of:)` without a copy: valid until the next `needsView`, `needs` or `reset`.
    func needsView(of d: Int) -> UnsafeBufferPointer<Int32> {
        guard status[d] == .undetermined, decisionEpoch[d] == epoch else { return UnsafeBufferPointer(start: nil, count: 0) }
        if needsEpoch[d] != epoch {
            // The decisions deriving facts that `d` reads settle their own needs first, so that
            // `d` takes their lists whole instead of walking their branches again: a missing
            // grade is behind most decisions of a case, and its tree would be walked by each.
            for k in Int(plan.dependencyStart[d])..<Int(plan.dependencyStart[d + 1]) {
                _ = needsView(of: Int(plan.dependencies[k]))
            }
            visitStamp &+= 1
            needsVisit[d] = visitStamp
            collectDecisionNeeds(d)
            // Needs are listed in declaration order.
            var found = UnsafeMutableBufferPointer(rebasing: wantedSlots[0..<wantedCount])
            found.sort()
            needsDirty = true
            needsStart[d] = Int32(needsStore.count)
            needsStore.append(contentsOf: UnsafeBufferPointer(found))
            for slot in found { wanted[Int(slot)] = false }
            needsCount[d] = Int32(found.count)
            wantedCount = 0
            needsEpoch[d] = epoch
        }
        return needs(storedFor: d)
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

    /// The unknown branches that keep the decision open, per policy. The branch truths are the
    /// ones the decision's run stored: every branch up to the first that holds was evaluated.
    func collectOpenBranches(_ d: Int) {
        let range = plan.branches(d)
        switch plan.mode[d] {
        case .criteria:
            let absoluteOpen = range.contains { !plan.branchRelative[$0] && branchTruths[$0] == .unknown }
            for b in range where (absoluteOpen || plan.branchRelative[b]) && branchTruths[b] == .unknown {
                collectNode(plan.branchNode[b])
            }
        case .first, .unique:
            for b in range {
                let t = branchTruths[b]
                if t == .true { break }
                if t == .unknown { collectNode(plan.branchNode[b]) }
            }
        case .collect:
            var held: UInt64 = 0, trues = 0
            for b in range where branchTruths[b] == .true { held |= plan.branchMask[b]; trues += 1 }
            for b in range where branchTruths[b] == .unknown && (trues == 0 || collectOpen(d, b, held)) {
                collectNode(plan.branchNode[b])
            }
        case .highest:
            var best = -1
            for b in range where branchTruths[b] == .true { best = max(best, Evaluator.rank(plan.branchMask[b])) }
            for b in range where branchTruths[b] == .unknown && highestOpen(d, b, best) {
                collectNode(plan.branchNode[b])
            }
        }
    }

    func collectNode(_ node: Int32) {
        guard truth(node) == .unknown else { return }
        let exec = self.exec[Int(node)]
        switch exec.kind {
        case .constant, .known: break
        case .inRange, .outsideRange, .member: collectSlot(exec.slot)
        case .not: collectNode(exec.slot)
        case .and, .or:
            for k in Int(exec.slot)..<Int(exec.slot) + Int(exec.high) { collectNode(operands[k]) }
        }
    }

    func collectSlot(_ slot: Int32) {
        want(slot)
        let by = Int(derivedBy[Int(slot)])
        guard by >= 0, values[Int(slot)] == Evaluator.unknown, decisionEpoch[by] == epoch,
              status[by] == .undetermined, needsVisit[by] != visitStamp else { return }
        needsVisit[by] = visitStamp
        if needsEpoch[by] == epoch {
            // Settled already (see `needsView`): the same slots a walk would find.
            let start = Int(needsStart[by])
            for k in start..<start + Int(needsCount[by]) { want(needsStore[k]) }
        } else {
            collectDecisionNeeds(by)
        }
    }

    @inline(__always)
    func want(_ slot: Int32) {
        guard !wanted[Int(slot)] else { return }
        wanted[Int(slot)] = true
        wantedSlots[wantedCount] = slot
        wantedCount += 1
    }
}

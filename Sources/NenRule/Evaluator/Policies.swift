/// How a decision turns branch truths into a compact result, per hit policy, under Kleene
/// logic. An unknown branch keeps its outputs possible; a decision is decided only when every
/// possible path gives the same answer. Nothing here allocates or copies a struct of arrays:
/// it reads the graph's flat `Plan`, outputs are bit masks, and deciding branches go to a
/// buffer reused across cases. Branch references are local (0-based; -1 is `otherwise`).
extension Evaluator {
    static let otherwise: Int32 = -1

    func evaluateDecision(_ d: Int) {
        takenCount[d] = 0
        var guardValue = Truth.true
        if plan.guardNode[d] >= 0 {
            guardValue = truth(plan.guardNode[d])
            if tracing { record(.applies, d, truth: guardValue) }
        }
        guardTruth[d] = guardValue
        guard guardValue != .false else {
            setResult(d, .notApplicable, 0)
            return
        }
        switch plan.mode[d] {
        case .first, .unique: settleFirst(d)
        case .collect: settleCollect(d)
        case .highest: settleHighest(d)
        case .criteria: settleCriteria(d)
        }
        if guardValue == .unknown {
            // Whether the decision applies at all is open: nothing is recommended yet.
            status[d] = .undetermined
            dropTaken(d)
        }
        if status[d] == .undetermined, outputMask[d] == 0, guardValue == .true, !readsMissingFact(d) {
            let id = graph.decisions[d].id
            report(Diagnostic(.warning, "no-branch", "no branch of `\(id)` holds for this case",
                                              help: "`nenrule lint` reports such gaps with a witness", subject: id))
        }
    }

    /// Records a diagnostic about this case.
    func report(_ diagnostic: Diagnostic) {
        diagnosticsDirty = true
        caseDiagnostics.append(diagnostic)
    }

    @inline(__always)
    func setResult(_ d: Int, _ value: Status, _ mask: UInt64) {
        status[d] = value
        outputMask[d] = mask
    }

    /// Records a deciding branch. Called only after all of the decision's conditions are
    /// evaluated, so nested derivations never interleave their entries with this run.
    @inline(__always)
    func take(_ d: Int, _ branch: Int32) {
        if takenCount[d] == 0 { takenStart[d] = Int32(takenUsed) }
        takenBuffer[takenUsed] = branch
        takenUsed += 1
        takenCount[d] += 1
    }

    func dropTaken(_ d: Int) {
        takenUsed -= Int(takenCount[d])
        takenCount[d] = 0
    }

    /// Evaluates every branch condition of `d` (once per case), tracing each.
    @inline(__always)
    func branchTruth(_ d: Int, _ b: Int) -> Truth {
        let t = truth(plan.branchNode[b])
        branchTruths[b] = t
        if tracing { record(plan.mode[d] == .criteria ? .criterion : .branch, d, index: Int32(b - Int(plan.branchStart[d]) + 1), truth: t) }
        return t
    }

    /// The first true branch wins; unknown branches before it stay possible.
    func settleFirst(_ d: Int) {
        let base = Int(plan.branchStart[d])
        var union: UInt64 = 0, first: UInt64 = 0, candidates = 0, firstSignature: Int32 = -1
        var allSame = true, firstCandidate: Int32 = -2, winner = -1
        for b in plan.branches(d) {
            let t = branchTruth(d, b)
            if t == .false { continue }
            if winner >= 0 {
                if t == .true { reportUniqueViolation(d, winner, b) }
                continue
            }
            if candidates == 0 {
                (first, firstSignature, firstCandidate) = (plan.branchMask[b], plan.branchSignature[b], Int32(b - base))
            } else if plan.branchSignature[b] != firstSignature {
                allSame = false
            }
            union |= plan.branchMask[b]
            candidates += 1
            if t == .true {
                winner = b
                if plan.mode[d] == .first { break }
            }
        }
        if winner < 0, plan.hasOtherwise[d] {
            if candidates == 0 {
                (first, firstCandidate) = (plan.otherwiseMask[d], Evaluator.otherwise)
            } else if plan.otherwiseSignature[d] != firstSignature {
                allSame = false
            }
            union |= plan.otherwiseMask[d]
            candidates += 1
        }
        let gap = winner < 0 && !plan.hasOtherwise[d]
        guard candidates > 0, !gap, allSame else {
            setResult(d, .undetermined, union)
            return
        }
        // Every possible branch gives the same outcomes with the same strengths; the one that
        // certainly holds (the winner, else `otherwise`) supplies the citations.
        let decidedBy = winner >= 0 ? Int32(winner - base) : plan.hasOtherwise[d] ? Evaluator.otherwise : firstCandidate
        setResult(d, .decided, first)
        take(d, decidedBy)
        if tracing, decidedBy == Evaluator.otherwise { record(.branch, d, index: 0, truth: .true) }
    }

    func reportUniqueViolation(_ d: Int, _ winner: Int, _ other: Int) {
        guard plan.branchMask[winner] != plan.branchMask[other] else { return }
        let base = Int(plan.branchStart[d]), id = graph.decisions[d].id
        report(Diagnostic(.warning, "unique-violated",
            "branches \(winner - base + 1) and \(other - base + 1) of `\(id)` both hold under policy `unique`", subject: id))
    }

    /// Every true branch contributes; an unknown branch that could add an outcome keeps it open.
    func settleCollect(_ d: Int) {
        var held: UInt64 = 0, trues = 0
        for b in plan.branches(d) where branchTruth(d, b) == .true {
            held |= plan.branchMask[b]
            trues += 1
        }
        var open: UInt64 = 0, anyOpen = false
        // Later passes read the truths the first one stored (`branchTruths`).
        for b in plan.branches(d) where branchTruths[b] == .unknown && (trues == 0 || collectOpen(d, b, held)) {
            open |= plan.branchMask[b]
            anyOpen = true
        }
        if anyOpen {
            setResult(d, .undetermined, held | open | (trues == 0 ? plan.otherwiseMask[d] : 0))
        } else if trues > 0 {
            setResult(d, .decided, held)
            let base = Int(plan.branchStart[d])
            for b in plan.branches(d) where branchTruths[b] == .true { take(d, Int32(b - base)) }
        } else {
            settleOtherwise(d)
        }
    }

    /// The highest output (declared order) among true branches, unless an unknown branch
    /// could still give a higher one.
    func settleHighest(_ d: Int) {
        var best = -1, anyUnknown = false
        for b in plan.branches(d) {
            switch branchTruth(d, b) {
            case .true: best = max(best, Evaluator.rank(plan.branchMask[b]))
            case .unknown: anyUnknown = true
            case .false: break
            }
        }
        var higher: UInt64 = 0
        if anyUnknown {
            for b in plan.branches(d) where branchTruths[b] == .unknown && highestOpen(d, b, best) {
                higher |= 1 << UInt64(Evaluator.rank(plan.branchMask[b]))
            }
        }
        if higher != 0 {
            setResult(d, .undetermined, higher | (best >= 0 ? 1 << UInt64(best) : plan.otherwiseMask[d]))
        } else if best >= 0 {
            setResult(d, .decided, 1 << UInt64(best))
            let base = Int(plan.branchStart[d])
            for b in plan.branches(d) where branchTruths[b] == .true && Evaluator.rank(plan.branchMask[b]) == best {
                take(d, Int32(b - base))
            }
        } else {
            settleOtherwise(d)
        }
    }

    /// Under `collect`, whether unknown branch `b` could change the answer: add an outcome, or
    /// recommend one already held with another strength (its results are not those of a true
    /// branch).
    @inline(__always)
    func collectOpen(_ d: Int, _ b: Int, _ held: UInt64) -> Bool {
        plan.branchMask[b] & ~held != 0 || !sharesResults(d, b) { _ in true }
    }

    /// Under `highest`, whether unknown branch `b` could change the answer: give a higher
    /// output, or the best one with other results than the true branches giving it.
    @inline(__always)
    func highestOpen(_ d: Int, _ b: Int, _ best: Int) -> Bool {
        let rank = Evaluator.rank(plan.branchMask[b])
        return rank > best || rank == best && !sharesResults(d, b) { Evaluator.rank(self.plan.branchMask[$0]) == best }
    }

    /// Whether a true branch accepted by `counts` has the same results (outcomes and
    /// strengths) as branch `b`.
    @inline(__always)
    func sharesResults(_ d: Int, _ b: Int, _ counts: (Int) -> Bool) -> Bool {
        plan.branches(d).contains { branchTruths[$0] == .true && plan.branchSignature[$0] == plan.branchSignature[b] && counts($0) }
    }

    /// A mask's highest output: its rank under `highest` (-1 for none).
    @inline(__always)
    static func rank(_ mask: UInt64) -> Int { mask == 0 ? -1 : 63 - mask.leadingZeroBitCount }

    /// No branch holds and none is unknown: `otherwise` if there is one, else a gap.
    func settleOtherwise(_ d: Int) {
        guard plan.hasOtherwise[d] else {
            setResult(d, .undetermined, 0)
            return
        }
        setResult(d, .decided, plan.otherwiseMask[d])
        take(d, Evaluator.otherwise)
        if tracing { record(.branch, d, index: 0, truth: .true) }
    }

    /// met / met_except_relative / not_met from absolute and relative criteria.
    func settleCriteria(_ d: Int) {
        var absoluteFalse = false, absoluteUnknown = false, relativeFalse = false, relativeUnknown = false
        for b in plan.branches(d) {
            let t = branchTruth(d, b)
            if plan.branchRelative[b] {
                relativeFalse = relativeFalse || t == .false
                relativeUnknown = relativeUnknown || t == .unknown
            } else {
                absoluteFalse = absoluteFalse || t == .false
                absoluteUnknown = absoluteUnknown || t == .unknown
            }
        }
        let (met, metExceptRelative, notMet): (UInt64, UInt64, UInt64) = (1, 2, 4)
        if absoluteFalse {
            setResult(d, .decided, notMet)
            take(d, 2)
            return
        }
        let relative = relativeFalse ? metExceptRelative : relativeUnknown ? met | metExceptRelative : met
        if absoluteUnknown {
            setResult(d, .undetermined, relative | notMet)
        } else if relative & (relative - 1) == 0 {
            setResult(d, .decided, relative)
            take(d, Int32(relative.trailingZeroBitCount))
        } else {
            setResult(d, .undetermined, relative)
        }
    }

    /// Whether some fact the decision reads is missing (then a gap is an open question, not a hole).
    func readsMissingFact(_ d: Int) -> Bool {
        let decision = graph.decisions[d]
        return decision.guardReads.contains { values[Int($0)] == Evaluator.unknown }
            || decision.branches.contains { $0.reads.contains { values[Int($0)] == Evaluator.unknown } }
    }
}

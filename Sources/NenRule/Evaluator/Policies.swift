/// How a decision turns branch truths into a compact result, per hit policy, under Kleene
/// logic. An unknown branch keeps its outputs possible; a decision is decided only when every
/// possible path gives the same outputs. Nothing here allocates: outputs are bit masks and the
/// deciding branches are appended to a buffer reused across cases.
extension Evaluator {
    static let otherwise: Int32 = -1

    mutating func evaluateDecision(_ d: Int) {
        let decision = graph.decisions[d]
        takenCount[d] = 0
        var guardValue = Truth.true
        if decision.guardNode >= 0 {
            guardValue = truth(decision.guardNode)
            if tracing { record(.applies, d, truth: guardValue) }
        }
        guardTruth[d] = guardValue
        guard guardValue != .false else {
            setResult(d, .notApplicable, 0)
            return
        }
        if decision.kind == .criteria {
            settleCriteria(d, decision)
        } else {
            switch decision.policy {
            case .first, .unique: settleFirst(d, decision)
            case .collect: settleCollect(d, decision)
            case .highest: settleHighest(d, decision)
            }
        }
        if guardValue == .unknown {
            // Whether the decision applies at all is open: nothing is recommended yet.
            status[d] = .undetermined
            dropTaken(d)
        }
        if status[d] == .undetermined, outputMask[d] == 0, guardValue == .true, !readsMissingFact(decision) {
            caseDiagnostics.append(Diagnostic(.warning, "no-branch", "no branch of `\(decision.id)` holds for this case",
                                              help: "`nenrule lint` reports such gaps with a witness", subject: decision.id))
        }
    }

    @inline(__always)
    mutating func setResult(_ d: Int, _ value: Status, _ mask: UInt64) {
        status[d] = value
        outputMask[d] = mask
    }

    /// Records a deciding branch. Called only after all of the decision's conditions are
    /// evaluated, so nested derivations never interleave their entries with this run.
    @inline(__always)
    mutating func take(_ d: Int, _ branch: Int32) {
        if takenCount[d] == 0 { takenStart[d] = Int32(takenBuffer.count) }
        takenBuffer.append(branch)
        takenCount[d] += 1
    }

    mutating func dropTaken(_ d: Int) {
        takenBuffer.removeLast(Int(takenCount[d]))
        takenCount[d] = 0
    }

    /// The first true branch wins; unknown branches before it stay possible.
    mutating func settleFirst(_ d: Int, _ decision: DecisionGraph.Decision) {
        var union: UInt64 = 0, first: UInt64 = 0, candidates = 0, firstSignature: Int32 = -1
        var allSame = true, firstCandidate: Int32 = -2, winner = -1
        for i in decision.branches.indices {
            let t = truth(decision.branches[i].node)
            if tracing { record(.branch, d, index: Int32(i + 1), truth: t) }
            if t == .false { continue }
            if winner >= 0 {
                if t == .true { reportUniqueViolation(decision, winner, i) }
                continue
            }
            let mask = decision.branches[i].mask, signature = decision.branches[i].signature
            if candidates == 0 {
                (first, firstSignature, firstCandidate) = (mask, signature, Int32(i))
            } else if signature != firstSignature {
                allSame = false
            }
            union |= mask
            candidates += 1
            if t == .true {
                winner = i
                if decision.policy == .first { break }
            }
        }
        if winner < 0, let otherwise = decision.otherwise {
            if candidates == 0 {
                (first, firstCandidate) = (otherwise.mask, Evaluator.otherwise)
            } else if otherwise.signature != firstSignature {
                allSame = false
            }
            union |= otherwise.mask
            candidates += 1
        }
        let gap = winner < 0 && decision.otherwise == nil
        if candidates > 0, !gap, allSame {
            // Every possible branch gives the same outcomes with the same strengths; the one
            // that certainly holds (the winner, else `otherwise`) supplies the citations.
            let decidedBy = winner >= 0 ? Int32(winner) : decision.otherwise != nil ? Evaluator.otherwise : firstCandidate
            setResult(d, .decided, first)
            take(d, decidedBy)
            if tracing, decidedBy == Evaluator.otherwise { record(.branch, d, index: 0, truth: .true) }
        } else {
            setResult(d, .undetermined, union)
        }
    }

    mutating func reportUniqueViolation(_ decision: DecisionGraph.Decision, _ winner: Int, _ other: Int) {
        guard decision.branches[winner].mask != decision.branches[other].mask else { return }
        caseDiagnostics.append(Diagnostic(.warning, "unique-violated",
            "branches \(winner + 1) and \(other + 1) of `\(decision.id)` both hold under policy `unique`", subject: decision.id))
    }

    /// Every true branch contributes; an unknown branch that could add an outcome keeps it open.
    mutating func settleCollect(_ d: Int, _ decision: DecisionGraph.Decision) {
        var held: UInt64 = 0, trues = 0
        for i in decision.branches.indices {
            let t = truth(decision.branches[i].node)
            if tracing { record(.branch, d, index: Int32(i + 1), truth: t) }
            if t == .true {
                held |= decision.branches[i].mask
                trues += 1
            }
        }
        var open: UInt64 = 0, anyOpen = false
        for branch in decision.branches where truth(branch.node) == .unknown && (trues == 0 || branch.mask & ~held != 0) {
            open |= branch.mask
            anyOpen = true
        }
        if anyOpen {
            setResult(d, .undetermined, held | open | (trues == 0 ? decision.otherwiseMask : 0))
        } else if trues > 0 {
            setResult(d, .decided, held)
            for i in decision.branches.indices where truth(decision.branches[i].node) == .true { take(d, Int32(i)) }
        } else {
            settleOtherwise(d, decision)
        }
    }

    /// The highest output (declared order) among true branches, unless an unknown branch
    /// could still give a higher one.
    mutating func settleHighest(_ d: Int, _ decision: DecisionGraph.Decision) {
        var best = -1
        for i in decision.branches.indices {
            let t = truth(decision.branches[i].node)
            if tracing { record(.branch, d, index: Int32(i + 1), truth: t) }
            if t == .true { best = max(best, Evaluator.rank(decision.branches[i].mask)) }
        }
        var higher: UInt64 = 0
        for branch in decision.branches where truth(branch.node) == .unknown && Evaluator.rank(branch.mask) > best {
            higher |= 1 << UInt64(Evaluator.rank(branch.mask))
        }
        if higher != 0 {
            setResult(d, .undetermined, higher | (best >= 0 ? 1 << UInt64(best) : decision.otherwiseMask))
        } else if best >= 0 {
            setResult(d, .decided, 1 << UInt64(best))
            for i in decision.branches.indices where truth(decision.branches[i].node) == .true && Evaluator.rank(decision.branches[i].mask) == best {
                take(d, Int32(i))
            }
        } else {
            settleOtherwise(d, decision)
        }
    }

    /// A mask's highest output: its rank under `highest` (-1 for none).
    @inline(__always)
    static func rank(_ mask: UInt64) -> Int { mask == 0 ? -1 : 63 - mask.leadingZeroBitCount }

    /// No branch holds and none is unknown: `otherwise` if there is one, else a gap.
    mutating func settleOtherwise(_ d: Int, _ decision: DecisionGraph.Decision) {
        guard decision.otherwise != nil else {
            setResult(d, .undetermined, 0)
            return
        }
        setResult(d, .decided, decision.otherwiseMask)
        take(d, Evaluator.otherwise)
        if tracing { record(.branch, d, index: 0, truth: .true) }
    }

    /// met / met_except_relative / not_met from absolute and relative criteria.
    mutating func settleCriteria(_ d: Int, _ decision: DecisionGraph.Decision) {
        var absoluteFalse = false, absoluteUnknown = false, relativeFalse = false, relativeUnknown = false
        for i in decision.branches.indices {
            let criterion = decision.branches[i]
            let t = truth(criterion.node)
            if tracing { record(.criterion, d, index: Int32(i + 1), truth: t) }
            if criterion.relative {
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
    func readsMissingFact(_ decision: DecisionGraph.Decision) -> Bool {
        decision.guardReads.contains { values[Int($0)] == Evaluator.unknown }
            || decision.branches.contains { $0.reads.contains { values[Int($0)] == Evaluator.unknown } }
    }
}

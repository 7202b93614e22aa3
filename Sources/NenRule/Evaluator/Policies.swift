/// How a decision turns branch truths into a result, per hit policy, under Kleene logic.
/// A branch whose condition is unknown keeps its outcomes possible; the decision is decided
/// only when every possible path gives the same outcomes.
extension Evaluator {
    /// A result under construction: outcomes as output indices, plus the unknown nodes that
    /// `needs` is computed from.
    struct Draft {
        var status: Status
        var outputs: [Int] = []
        var branches: [Int] = []
        var unknownNodes: [Int32] = []
    }

    /// Stands for `otherwise` in a list of branch indices.
    static let otherwiseRef = -1

    mutating func run(_ index: Int) -> DecisionResult {
        let decision = graph.decisions[index]
        var guardTruth = Truth.true
        if decision.guardNode >= 0 {
            guardTruth = truth(decision.guardNode)
            emit(.applies(guardTruth, reads: readings(decision.guardReads)))
            if guardTruth == .false {
                return DecisionResult(id: decision.id, status: .notApplicable, outcomes: [], recommendations: [], needs: [], trace: [])
            }
        }
        var draft = decision.kind == .criteria ? runCriteria(decision) : runBranches(decision)
        if guardTruth == .unknown {
            // Whether the decision applies at all is open: nothing is recommended yet.
            draft.status = .undetermined
            draft.unknownNodes.insert(decision.guardNode, at: 0)
        }
        return finish(decision, index, draft)
    }

    mutating func finish(_ decision: DecisionGraph.Decision, _ index: Int, _ draft: Draft) -> DecisionResult {
        var recommendations: [Recommendation] = []
        if draft.status == .decided {
            for ref in draft.branches {
                guard let branch = ref == Evaluator.otherwiseRef ? decision.otherwise : decision.branches[ref] else { continue }
                for result in branch.results where draft.outputs.contains(result.output) {
                    let recommendation = Recommendation(outcome: decision.outputNames[result.output], strength: result.strength,
                                                        cites: branch.cites, notes: branch.notes)
                    if !recommendations.contains(recommendation) { recommendations.append(recommendation) }
                }
            }
            if decision.kind == .criteria {
                recommendations = draft.outputs.map {
                    Recommendation(outcome: decision.outputNames[$0], strength: nil, cites: decision.cites, notes: [])
                }
            }
            for recommendation in recommendations { emit(.recommendation(recommendation)) }
        }
        var needs = draft.status == .undetermined ? needNames(needSlots(draft.unknownNodes, excluding: index)) : []
        if draft.status == .undetermined, draft.outputs.isEmpty {
            // No branch holds and there is no `otherwise`. If facts it reads are missing, they
            // are what is needed (`known(...)` guards leave such cases here); otherwise the
            // rules have a gap for this case.
            let reads = decision.guardReads + decision.branches.flatMap(\.reads)
            needs = needNames(reads.filter { values[Int($0)] == Evaluator.unknown }.uniqued().sorted())
            if needs.isEmpty {
                caseDiagnostics.append(Diagnostic(.warning, "no-branch", "no branch of `\(decision.id)` holds for this case",
                                                  help: "`nenrule lint` reports such gaps with a witness", subject: decision.id))
            }
        }
        let taken = draft.status != .decided ? [] : decision.kind == .criteria ? draft.outputs : draft.branches
        return DecisionResult(id: decision.id, status: draft.status, outcomes: draft.outputs.sorted().map { decision.outputNames[$0] },
                              recommendations: recommendations, needs: needs, trace: [], taken: taken)
    }

    func outputs(of ref: Int, in decision: DecisionGraph.Decision) -> [Int] {
        let branch = ref == Evaluator.otherwiseRef ? decision.otherwise : decision.branches[ref]
        return branch?.results.map(\.output) ?? []
    }

    mutating func runBranches(_ decision: DecisionGraph.Decision) -> Draft {
        var trueBranches: [Int] = []
        var unknownBranches: [Int] = []
        for (i, branch) in decision.branches.enumerated() {
            let t = truth(branch.node)
            emit(.branch(index: i + 1, truth: t, reads: readings(branch.reads), span: branch.span))
            if t == .true { trueBranches.append(i) }
            if t == .unknown { unknownBranches.append(i) }
            if t == .true, decision.policy == .first { break }
        }
        if trueBranches.isEmpty, unknownBranches.isEmpty, let otherwise = decision.otherwise {
            emit(.branch(index: 0, truth: .true, reads: [], span: otherwise.span))
        }
        switch decision.policy {
        case .first, .unique: return settleFirst(decision, trueBranches, unknownBranches)
        case .collect: return settleCollect(decision, trueBranches, unknownBranches)
        case .highest: return settleHighest(decision, trueBranches, unknownBranches)
        }
    }

    /// The first true branch wins; unknown branches before it stay possible.
    mutating func settleFirst(_ decision: DecisionGraph.Decision, _ trues: [Int], _ unknowns: [Int]) -> Draft {
        if decision.policy == .unique, trues.count > 1 {
            let sets = Set(trues.map { outputs(of: $0, in: decision).sorted() })
            if sets.count > 1 {
                caseDiagnostics.append(Diagnostic(.warning, "unique-violated",
                    "branches \(trues.map { String($0 + 1) }.joined(separator: " and ")) of `\(decision.id)` both hold under policy `unique`",
                    subject: decision.id))
            }
        }
        let winner = trues.first
        let before = unknowns.filter { winner == nil || $0 < winner! }
        var candidates = before
        if let winner { candidates.append(winner) } else if decision.otherwise != nil { candidates.append(Evaluator.otherwiseRef) }
        let unknownNodes = before.map { decision.branches[$0].node }
        let outputSets = candidates.map { outputs(of: $0, in: decision).sorted() }
        let gap = winner == nil && decision.otherwise == nil
        if !candidates.isEmpty, !gap, Set(outputSets).count == 1 {
            return Draft(status: .decided, outputs: outputSets[0], branches: [candidates[0]])
        }
        let union = Array(Set(outputSets.flatMap { $0 })).sorted()
        if candidates.isEmpty { return Draft(status: .undetermined) }
        return Draft(status: .undetermined, outputs: union, unknownNodes: unknownNodes)
    }

    /// Every true branch contributes; unknown branches that could add an outcome keep it open.
    mutating func settleCollect(_ decision: DecisionGraph.Decision, _ trues: [Int], _ unknowns: [Int]) -> Draft {
        let held = Set(trues.flatMap { outputs(of: $0, in: decision) })
        let open = unknowns.filter { !Set(outputs(of: $0, in: decision)).isSubset(of: held) || trues.isEmpty }
        if open.isEmpty {
            if !trues.isEmpty { return Draft(status: .decided, outputs: held.sorted(), branches: trues) }
            if decision.otherwise != nil {
                return Draft(status: .decided, outputs: outputs(of: Evaluator.otherwiseRef, in: decision), branches: [Evaluator.otherwiseRef])
            }
            return Draft(status: .undetermined)
        }
        var possible = held.union(open.flatMap { outputs(of: $0, in: decision) })
        if trues.isEmpty { possible.formUnion(outputs(of: Evaluator.otherwiseRef, in: decision)) }
        return Draft(status: .undetermined, outputs: possible.sorted(), unknownNodes: open.map { decision.branches[$0].node })
    }

    /// The highest output (in declared order) among true branches, unless an unknown branch
    /// could still give a higher one.
    mutating func settleHighest(_ decision: DecisionGraph.Decision, _ trues: [Int], _ unknowns: [Int]) -> Draft {
        func rank(_ ref: Int) -> Int { outputs(of: ref, in: decision).max() ?? -1 }
        let best = trues.map(rank).max()
        let higher = unknowns.filter { best == nil || rank($0) > best! }
        if higher.isEmpty {
            if let best { return Draft(status: .decided, outputs: [best], branches: trues.filter { rank($0) == best }) }
            if decision.otherwise != nil {
                return Draft(status: .decided, outputs: outputs(of: Evaluator.otherwiseRef, in: decision), branches: [Evaluator.otherwiseRef])
            }
            return Draft(status: .undetermined)
        }
        var possible = Set(higher.map(rank))
        if let best { possible.insert(best) } else { possible.formUnion(outputs(of: Evaluator.otherwiseRef, in: decision)) }
        return Draft(status: .undetermined, outputs: possible.sorted(), unknownNodes: higher.map { decision.branches[$0].node })
    }

    /// met / met_except_relative / not_met from absolute and relative criteria.
    mutating func runCriteria(_ decision: DecisionGraph.Decision) -> Draft {
        var absolute: [Truth] = [], relative: [Truth] = []
        var unknownAbsolute: [Int32] = [], unknownRelative: [Int32] = []
        for (i, criterion) in decision.branches.enumerated() {
            let t = truth(criterion.node)
            emit(.criterion(index: i + 1, relative: criterion.relative, label: criterion.label, truth: t,
                            reads: readings(criterion.reads), span: criterion.span))
            if criterion.relative {
                relative.append(t)
                if t == .unknown { unknownRelative.append(criterion.node) }
            } else {
                absolute.append(t)
                if t == .unknown { unknownAbsolute.append(criterion.node) }
            }
        }
        let (met, metExceptRelative, notMet) = (0, 1, 2)
        if absolute.contains(.false) { return Draft(status: .decided, outputs: [notMet]) }
        let relativeOutcome: [Int] = relative.contains(.false) ? [metExceptRelative]
            : relative.contains(.unknown) ? [met, metExceptRelative] : [met]
        if !unknownAbsolute.isEmpty {
            return Draft(status: .undetermined, outputs: relativeOutcome + [notMet], unknownNodes: unknownAbsolute + unknownRelative)
        }
        if relativeOutcome.count == 1 { return Draft(status: .decided, outputs: relativeOutcome) }
        return Draft(status: .undetermined, outputs: relativeOutcome, unknownNodes: unknownRelative)
    }
}

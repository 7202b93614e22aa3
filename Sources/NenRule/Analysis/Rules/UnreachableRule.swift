/// `unreachable`: a branch that can never be taken — its condition is unsatisfiable within the
/// declared domains, or earlier branches (under `first`) or higher outcomes (under `highest`)
/// always win. Such a branch is dead text that a reader will still believe. An `otherwise` that
/// the branches cover completely is reported as information: it is often a deliberate safety net.
/// A branch whose condition holds only on inputs the rule set's constraints exclude is reported
/// naming the constraint: it speaks of patients who cannot exist.
public struct UnreachableRule: LintRule {
    public let code = "unreachable"

    public func findings(_ context: LintContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for space in context.spaces where !space.incomplete {
            let decision = context.model.decisions[space.decision]
            guard decision.kind != .criteria, !space.leaves.isEmpty else { continue }
            var satisfiable = Set<Int>(), taken = Set<Int>()
            var otherwiseTaken = false
            for leaf in space.leaves {
                satisfiable.formUnion(leaf.trueBranches)
                taken.formUnion(winners(leaf.trueBranches, decision, context, space.decision))
                if leaf.trueBranches.isEmpty { otherwiseTaken = true }
            }
            for (i, branch) in decision.branches.enumerated() where !taken.contains(i) {
                let why = satisfiable.contains(i) ? "earlier branches always take its inputs"
                    : excludedBy(i, space, context).map { "constraint `\($0)` excludes every case where it holds" }
                    ?? "its condition can never hold"
                found.append(Diagnostic(.warning, code, "branch \(i + 1) of `\(decision.id)` can never be taken: \(why)", at: branch.span))
            }
            if let otherwise = decision.otherwise, !otherwiseTaken {
                found.append(Diagnostic(.info, code, "the `otherwise` of `\(decision.id)` can never be taken: the branches cover every input",
                                        at: otherwise.span, notes: ["it still answers when the rules change; keep it if that is the intent"]))
            }
        }
        return found
    }

    /// The constraint that excludes the inputs on which branch `i` holds, if it holds on some.
    func excludedBy(_ i: Int, _ space: DecisionSpace, _ context: LintContext) -> String? {
        space.excluded.first { $0.trueBranches.contains(i) }.map { context.model.constraints[$0.constraint].id }
    }

    /// The branches that actually decide on a leaf, per hit policy.
    func winners(_ trues: [Int], _ decision: CheckedDecision, _ context: LintContext, _ index: Int) -> [Int] {
        switch decision.policy {
        case .first, .unique: return Array(trues.prefix(1))
        case .collect: return trues
        case .highest:
            let rank = { (b: Int) in decision.branches[b].results.map(\.output).max() ?? -1 }
            let best = trues.map(rank).max()
            return trues.filter { rank($0) == best }
        }
    }
}

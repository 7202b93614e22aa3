/// `gap`: inputs within the declared domains for which an applicable decision reaches no branch
/// and has no `otherwise`. At run time such a case gets no answer at all, so every gap is either
/// a slip in transcription or a silence of the guideline that should say `refer mdt_review`.
/// Gaps that are exactly one threshold value are left to `open-boundary`, which names them better.
public struct GapRule: LintRule {
    public let code = "gap"

    public func findings(_ context: LintContext) -> [Diagnostic] {
        context.spaces.compactMap { space in
            let decision = context.model.decisions[space.decision]
            guard decision.kind != .criteria, decision.otherwise == nil else { return nil }
            let gaps = space.leaves.filter { $0.trueBranches.isEmpty }
            guard let gap = gaps.first(where: { !OpenBoundaryRule.isBoundaryGap(context, space, $0) }) else { return nil }
            var finding = Diagnostic(.warning, code, "`\(decision.id)` reaches no branch for some applicable inputs", at: decision.idSpan,
                                     help: "add the missing branch, or `otherwise => refer mdt_review` where the guideline is silent")
            finding.witness = context.witness(space, gap.point)
            if gaps.count > 1 { finding.notes = ["\(gaps.count) regions of the input space are uncovered; the witness shows one"] }
            return finding
        }
    }
}

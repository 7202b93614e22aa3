/// `unused-outcome`: an outcome that no branch recommends; often the sign of a branch written
/// with a near-miss name that happened to exist, or of a rule not yet encoded.
public struct UnusedOutcomeRule: LintRule {
    public let code = "unused-outcome"

    public func findings(_ context: LintContext) -> [Diagnostic] {
        var used = Set<Int>()
        for decision in context.model.decisions where decision.outputs == .outcomes {
            for branch in decision.branches + (decision.otherwise.map { [$0] } ?? []) {
                used.formUnion(branch.results.map(\.output))
            }
        }
        return context.model.outcomes.indices.filter { !used.contains($0) }.map { index in
            Diagnostic(.warning, code, "outcome `\(context.model.outcomes[index].name)` is declared but no branch recommends it",
                       at: context.model.outcomes[index].span)
        }
    }
}

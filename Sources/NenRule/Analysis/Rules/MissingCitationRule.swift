/// `missing-citation`: a branch that recommends without a citation, on itself or its decision.
/// Every recommendation must be traceable to a section of the guideline.
public struct MissingCitationRule: LintRule {
    public let code = "missing-citation"

    public func findings(_ context: LintContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for decision in context.model.decisions where decision.cites.isEmpty {
            let branches = decision.branches + (decision.otherwise.map { [$0] } ?? [])
            for branch in branches where branch.cites.isEmpty && (!branch.results.isEmpty || decision.kind == .criteria) {
                found.append(Diagnostic(.warning, code, "a branch of `\(decision.id)` recommends without a citation", at: branch.span,
                                        help: "add `cite \"§...\"` to the branch or the decision"))
            }
        }
        return found
    }
}

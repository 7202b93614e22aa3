/// `missing-strength` (an error): advice given without a strength. "not_recommended adjuvant_rt"
/// and a bare "adjuvant_rt" must never read alike, so every outcome a decision recommends carries
/// the guideline's verb; an assessment rather than advice (a response category, eligibility) is
/// declared `outcome x "…" finding` and needs none. Derived facts' members need none either.
public struct MissingStrengthRule: LintRule {
    public let code = "missing-strength"

    public func findings(_ context: LintContext) -> [Diagnostic] {
        let model = context.model
        var found: [Diagnostic] = []
        for decision in model.decisions {
            guard case .outcomes = decision.outputs else { continue }
            for branch in decision.branches + (decision.otherwise.map { [$0] } ?? []) {
                for result in branch.results where result.strength == nil && !model.outcomes[result.output].finding {
                    let name = model.outcomes[result.output].name
                    found.append(Diagnostic(
                        .error, code, "`\(name)` in `\(decision.id)` has no strength, so advice for it and advice against it read alike",
                        at: branch.span,
                        help: "write the guideline's verb before it, e.g. `recommend \(name)` or `not_recommended \(name)`; "
                            + "an assessment rather than advice is declared `outcome \(name) \"…\" finding`"))
                }
            }
        }
        return found
    }
}

/// `unused-fact`: a fact that no decision, criterion or guard reads (directly, or as a date a
/// duration is computed from). Either a rule that should use it is missing, or cases are asked
/// to carry data that changes nothing.
public struct UnusedFactRule: LintRule {
    public let code = "unused-fact"

    public func findings(_ context: LintContext) -> [Diagnostic] {
        var read: [Int] = []
        for decision in context.model.decisions {
            decision.applies?.collectFacts(into: &read)
            for branch in decision.branches { branch.condition.collectFacts(into: &read) }
        }
        // A date read by a duration computed between two dates is used where the duration is.
        for fact in context.model.facts { if let between = fact.between { read += [between.from, between.to] } }
        let used = Set(read)
        // A derived fact nobody reads is still the answer its decision gives (a stage group).
        return context.model.facts.indices.filter { !used.contains($0) && context.model.facts[$0].derivedBy == nil }.map { index in
            Diagnostic(.warning, code, "fact `\(context.model.facts[index].name)` is declared but no decision reads it",
                       at: context.model.facts[index].span)
        }
    }
}

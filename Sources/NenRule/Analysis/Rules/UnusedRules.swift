/// `unused-fact`: a fact that no decision, criterion or guard reads. Either a rule that should
/// use it is missing, or cases are asked to carry data that changes nothing.
public struct UnusedFactRule: LintRule {
    public let code = "unused-fact"

    public func findings(_ context: LintContext) -> [Diagnostic] {
        var read: [Int] = []
        for decision in context.model.decisions {
            decision.applies?.collectFacts(into: &read)
            for branch in decision.branches { branch.condition.collectFacts(into: &read) }
        }
        let used = Set(read)
        // A derived fact nobody reads is still the answer its decision gives (a stage group).
        return context.model.facts.indices.filter { !used.contains($0) && context.model.facts[$0].derivedBy == nil }.map { index in
            Diagnostic(.warning, code, "fact `\(context.model.facts[index].name)` is declared but no decision reads it",
                       at: context.model.facts[index].span)
        }
    }
}

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

/// `unused-define`: a named condition nothing refers to — a convention written down but not
/// applied where the guideline uses it.
public struct UnusedDefineRule: LintRule {
    public let code = "unused-define"

    public func findings(_ context: LintContext) -> [Diagnostic] {
        context.model.defines.filter { !context.model.usedDefines.contains($0.name) }.map { define in
            Diagnostic(.warning, code, "define `\(define.name)` is never used", at: define.span)
        }
    }
}

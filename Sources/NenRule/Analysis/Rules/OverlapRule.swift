/// `overlap`: two branches that can both hold for the same input with different outcomes. Under
/// `unique` that is an error (the policy promises one answer); under `first` the order settles
/// it, so it is reported only with `--strict`, for reviewers checking that order is deliberate.
public struct OverlapRule: LintRule {
    public let code = "overlap"

    public func findings(_ context: LintContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for space in context.spaces {
            let decision = context.model.decisions[space.decision]
            let severity: Severity
            switch decision.policy {
            case .unique: severity = .error
            case .first where context.strict && decision.kind != .criteria: severity = .warning
            default: continue
            }
            var reported: Set<[Int]> = []
            for leaf in space.leaves where leaf.trueBranches.count > 1 {
                for (i, a) in leaf.trueBranches.enumerated() {
                    for b in leaf.trueBranches[(i + 1)...] where context.outcomes(space.decision, a) != context.outcomes(space.decision, b) {
                        guard reported.insert([a, b]).inserted else { continue }
                        var finding = Diagnostic(severity, code, "branches \(a + 1) and \(b + 1) of `\(decision.id)` both hold with different outcomes",
                                                 at: decision.branches[b].span)
                        finding.related = [Related("branch \(a + 1) is here", at: decision.branches[a].span)]
                        finding.witness = context.witness(space, leaf.point)
                        found.append(finding)
                    }
                }
            }
        }
        return found
    }
}

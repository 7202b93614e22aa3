/// `resolution` (information): every editorial resolution recorded in a note (naming an AMB-nn
/// or CONFLICT id), listed in one place for the validator who must review them.
public struct ResolutionRule: LintRule {
    public let code = "resolution"

    public func findings(_ context: LintContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for decision in context.model.decisions {
            for note in decision.notes where Self.isResolution(note) {
                found.append(Diagnostic(.info, code, "`\(decision.id)`: \(note)", at: decision.idSpan))
            }
            for branch in decision.branches + (decision.otherwise.map { [$0] } ?? []) {
                for note in branch.notes where Self.isResolution(note) {
                    found.append(Diagnostic(.info, code, "`\(decision.id)`: \(note)", at: branch.span))
                }
            }
        }
        return found
    }

    /// Notes naming `AMB-` or `CONFLICT` record an editorial resolution.
    public static func isResolution(_ note: String) -> Bool { note.contains("AMB-") || note.contains("CONFLICT") }
}

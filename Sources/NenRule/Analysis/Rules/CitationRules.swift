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

/// `undocumented-resolution`: a branch that cites a section outside those its decision is built
/// on, without a note. Taking a rule from elsewhere is an editorial choice; the note says why,
/// so a validator can review it.
public struct UndocumentedResolutionRule: LintRule {
    public let code = "undocumented-resolution"

    public func findings(_ context: LintContext) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for decision in context.model.decisions where !decision.cites.isEmpty {
            for branch in decision.branches + (decision.otherwise.map { [$0] } ?? []) where branch.notes.isEmpty {
                let foreign = branch.cites.filter { cite in !decision.cites.contains { related(cite, $0) } }
                guard !foreign.isEmpty else { continue }
                found.append(Diagnostic(.warning, code,
                    "a branch of `\(decision.id)` cites \(foreign.map { "`\($0)`" }.joined(separator: ", ")), outside the decision's own sections, without a note",
                    at: branch.span, help: "add `note \"...\"` saying why this section applies here"))
            }
        }
        return found
    }

    /// Two citations are related when one is the other or a subsection of it (`§4.2` / `§4.2.1`).
    func related(_ a: String, _ b: String) -> Bool {
        let x = a.trimmingSpaces(), y = b.trimmingSpaces()
        return x == y || x.hasPrefix(y + ".") || y.hasPrefix(x + ".") || x.hasPrefix(y + " ") || y.hasPrefix(x + " ")
    }
}

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

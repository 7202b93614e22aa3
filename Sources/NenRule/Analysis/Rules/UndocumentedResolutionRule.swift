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

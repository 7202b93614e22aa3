/// Runs every lint rule over a compiled rule set. Findings about a decision or branch that
/// carries an editorial note (naming AMB-nn / CONFLICT, or starting with the finding's code,
/// as in `note "gap: ..."`) are kept but lowered to information: the note is the explanation a
/// validator reviews.
public enum Linter {
    /// Boxes explored per decision before the analysis gives up and says so.
    public static let workBound = 200_000

    public struct Options: Sendable {
        public var strict = false
        public var workBound = Linter.workBound
        /// When set, only the decisions of these files are explored and only findings in them
        /// are returned: an editor re-lints the file that changed.
        public var files: Set<Int>?

        public init(strict: Bool = false) { self.strict = strict }
    }

    public static func lint(_ compilation: Compilation, options: Options = Options()) -> [Diagnostic] {
        guard let model = compilation.model, let graph = compilation.graph else { return compilation.diagnostics }
        let memo = ConstraintMemo()
        let chosen = model.decisions.indices.filter { options.files?.contains(model.decisions[$0].span.file) ?? true }
        let spaces = chosen.map { Explorer.explore(model, graph.network, memo: memo, $0, budget: options.workBound) }
        let context = LintContext(model: model, files: compilation.files, spaces: spaces, strict: options.strict)
        var rules: [any LintRule] = [
            GapRule(), OverlapRule(), UnreachableRule(), OpenBoundaryRule(), UnitRule(), UnusedFactRule(),
            UnusedOutcomeRule(), UnusedDefineRule(), MissingCitationRule(), MissingStrengthRule(), UndocumentedResolutionRule(),
            ResolutionRule(),
        ]
        // An exact evaluation per fact and explored region: seconds on a 200-decision rule set,
        // so a report asked for (`--strict`), not a check run on every lint.
        if options.strict { rules.append(UnknownSensitivityRule(graph: graph)) }
        var findings = compilation.diagnostics
        for space in spaces where space.incomplete {
            findings.append(Diagnostic(.warning, "analysis-incomplete",
                "analysis of `\(model.decisions[space.decision].id)` stopped after \(options.workBound) regions; its findings are partial",
                at: model.decisions[space.decision].idSpan))
        }
        for rule in rules { findings += rule.findings(context).map { explained($0, model) } }
        if let files = options.files { findings.removeAll { !files.contains($0.span.file) } }
        return findings.sortedForOutput()
    }

    static let explainable: Set<String> = ["gap", "overlap", "unreachable", "open-boundary", "undocumented-resolution"]

    /// Lowers a warning to information when the branch or decision it names records a resolution.
    static func explained(_ finding: Diagnostic, _ model: CheckedModel) -> Diagnostic {
        guard finding.severity == .warning, explainable.contains(finding.code) else { return finding }
        for decision in model.decisions {
            let branches = decision.branches + (decision.otherwise.map { [$0] } ?? [])
            let notes = finding.span == decision.idSpan ? decision.notes : branches.first { $0.span == finding.span }?.notes ?? []
            if let note = notes.first(where: { ResolutionRule.isResolution($0) || $0.hasPrefix(finding.code + ":") }) {
                var lowered = finding
                lowered.severity = .info
                lowered.notes.append("explained by note: \(note)")
                return lowered
            }
        }
        return finding
    }
}

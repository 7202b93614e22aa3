import NenRule

enum ExplainCommand {
    static let spec = CommandSpec(
        name: "explain", summary: "explain one decision in plain words, for a clinician",
        usage: "nenrule explain [PATH...] --decision ID [--format text|markdown]",
        valueOptions: ["--decision", "--format"])

    static func run(_ arguments: Arguments) throws(UsageError) -> ExitCode {
        let format = try arguments.choice("--format", ["text", "markdown"], default: "text")
        guard let id = arguments.value("--decision") else { throw UsageError(message: "`--decision ID` is required") }
        guard let compilation = loadRuleSet(arguments.positionals), let model = compilation.model else {
            return .failure
        }
        guard let index = model.decisionIndex(id) else { throw unknownDecision(id, among: model.decisions.map(\.id)) }
        let renderer = ExplainRenderer(model: model)
        Console.out(format == "markdown" ? renderer.markdown(index) : renderer.text(index))
        return .success
    }
}

/// The usage error for a decision id the rule set does not declare, with a "did you mean".
func unknownDecision(_ id: String, among ids: [String]) -> UsageError {
    let hint = Suggestion.closest(to: id, in: ids).map { " (did you mean `\($0)`?)" } ?? ""
    return UsageError(message: "unknown decision `\(id)`\(hint)")
}

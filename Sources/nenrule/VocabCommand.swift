import NenRule

enum VocabCommand {
    static let spec = CommandSpec(
        name: "vocab", summary: "list the rule set's vocabulary: facts (type, unit, range, members), outcomes, decisions, constraints",
        usage: "nenrule vocab [PATH...] [--format text|json]", valueOptions: ["--format"])

    static func run(_ arguments: Arguments) throws(UsageError) -> ExitCode {
        let format = try arguments.choice("--format", ["text", "json"], default: "text")
        let paths = arguments.positionals.isEmpty ? [bundledGuidelines()] : arguments.positionals
        guard let compilation = loadRuleSet(paths), let model = compilation.model else { return .failure }
        Console.out(format == "json" ? VocabularyRenderer.json(model).render(pretty: true) + "\n" : VocabularyRenderer.text(model))
        return .success
    }
}

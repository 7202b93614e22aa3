import NenRule

enum CatalogCommand {
    static let spec = CommandSpec(
        name: "catalog", summary: "print the rule set's catalogue (decisions, sections, inputs, outcomes, editorial resolutions) as Markdown",
        usage: "nenrule catalog [PATH...]")

    static func run(_ arguments: Arguments) throws(UsageError) -> ExitCode {
        let path = arguments.positionals.first ?? bundledGuidelines()
        guard let compilation = loadRuleSet(arguments.positionals) else { return .failure }
        // File names are shown relative to the first root; other roots' files keep their paths.
        Console.out(CatalogRenderer.markdown(compilation, root: path.hasSuffix("/") ? path : path + "/"))
        return .success
    }
}

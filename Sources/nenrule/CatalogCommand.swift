import NenRule

enum CatalogCommand {
    static let spec = CommandSpec(
        name: "catalog", summary: "print the rule set's catalogue (decisions, sections, inputs, outcomes, editorial resolutions) as Markdown",
        usage: "nenrule catalog [PATH]")

    static func run(_ arguments: Arguments) throws(UsageError) -> ExitCode {
        guard arguments.positionals.count <= 1 else { throw UsageError(message: "`catalog` takes one rule-set PATH") }
        let path = arguments.positionals.first ?? bundledGuidelines()
        guard let compilation = loadRuleSet(path) else { return .failure }
        Console.out(CatalogRenderer.markdown(compilation, root: path.hasSuffix("/") ? path : path + "/"))
        return .success
    }
}

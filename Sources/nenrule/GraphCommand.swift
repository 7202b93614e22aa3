import NenRule

enum GraphCommand {
    static let spec = CommandSpec(
        name: "graph", summary: "draw the compiled decision graph (Graphviz DOT, Mermaid) or write it as JSON",
        usage: "nenrule graph [PATH...] [--decision ID] [--format dot|mermaid|json]",
        valueOptions: ["--decision", "--format"])

    static func run(_ arguments: Arguments) throws(UsageError) -> ExitCode {
        let format = try arguments.choice("--format", ["dot", "mermaid", "json"], default: "dot")
        guard let compilation = loadRuleSet(arguments.positionals), let graph = compilation.graph else {
            return .failure
        }
        var focus: Int?
        if let id = arguments.value("--decision") {
            guard let index = graph.decisionIndex(id) else { throw unknownDecision(id, among: graph.decisions.map(\.id)) }
            focus = index
        }
        let scope = GraphScope(graph, focus: focus)
        switch format {
        case "mermaid": Console.out(GraphRenderer.mermaid(graph, scope: scope))
        case "json": Console.out(GraphRenderer.json(graph, scope: scope).render(pretty: true) + "\n")
        default: Console.out(GraphRenderer.dot(graph, scope: scope))
        }
        return .success
    }
}

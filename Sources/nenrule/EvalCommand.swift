import NenRule

enum EvalCommand {
    static let spec = CommandSpec(
        name: "eval", summary: "evaluate one case against a rule set",
        usage: "nenrule eval [PATH...] --facts FILE|- [--decision ID]... [--trace] [--keep KEY]... [--ignore-unknown] [--format text|json]",
        valueOptions: ["--facts", "--decision", "--format", "--keep"], repeatable: ["--decision", "--keep"], flags: ["--trace", "--ignore-unknown"])

    static func run(_ arguments: Arguments) throws(UsageError) -> ExitCode {
        let format = try arguments.choice("--format", ["text", "json"], default: "text")
        guard let factsPath = arguments.value("--facts") else { throw UsageError(message: "`--facts FILE` is required (`-` reads standard input)") }
        guard let compilation = loadRuleSet(arguments.positionals), let graph = compilation.graph else {
            return .failure
        }
        let selection = try selectDecisions(arguments.values["--decision"] ?? [], in: graph)
        guard let bytes = readInput(factsPath) else { return .usage }

        var sources = compilation.sources
        let factsFile = sources.add(SourceFile(path: factsPath == "-" ? "<stdin>" : factsPath, bytes: bytes))
        var evaluator = Evaluator(graph: graph)
        evaluator.tracing = arguments.has("--trace")
        var inputDiagnostics: [Diagnostic] = []
        var given: Set<String> = []
        switch JSONReader.parse(bytes) {
        case .failure(let failure):
            inputDiagnostics.append(.error("facts-json", failure.message, at: Span(file: factsFile, start: failure.offset, end: failure.offset + 1)))
        case .success(let json):
            inputDiagnostics = CaseReader.load(json, into: &evaluator, passThrough: Set(arguments.values["--keep"] ?? []),
                                               ignoreUnknown: arguments.has("--ignore-unknown"))
            if case .object(let members) = json {
                given = Set(members.filter { member in
                    if case .string(let text) = member.value { return !CaseText.isMissing(text) }
                    return member.value != .null
                }.map(\.key))
            }
        }
        let renderer = EvaluationRenderer(graph: graph, sources: sources)
        let failed = inputDiagnostics.contains { $0.severity == .error }
        // A case with bad facts is not evaluated: a partial answer could mislead.
        let evaluation = failed ? Evaluation(decisions: [], diagnostics: []) : evaluator.evaluate(selection)
        if format == "json" {
            Console.out(renderer.json(evaluation, inputDiagnostics: inputDiagnostics).render(pretty: true) + "\n")
        } else if failed {
            Console.err(DiagnosticRenderer.textAll(inputDiagnostics, sources: sources))
        } else {
            // Warnings (a member matched only by case) go with the answer, not instead of it.
            let warnings = inputDiagnostics.filter { $0.severity == .warning }
            if !warnings.isEmpty { Console.err(DiagnosticRenderer.textAll(warnings, sources: sources)) }
            Console.out(renderer.text(evaluation, showAll: selection != nil, given: given))
        }
        return failed ? .failure : .success
    }

    /// Decision ids from `--decision`, checked, in the order given; nil means all.
    static func selectDecisions(_ ids: [String], in graph: DecisionGraph) throws(UsageError) -> [Int]? {
        guard !ids.isEmpty else { return nil }
        var indices: [Int] = []
        for id in ids {
            guard let index = graph.decisionIndex(id) else {
                let hint = Suggestion.closest(to: id, in: graph.decisions.map(\.id)).map { " (did you mean `\($0)`?)" } ?? ""
                throw UsageError(message: "unknown decision `\(id)`\(hint)")
            }
            indices.append(index)
        }
        return indices
    }
}

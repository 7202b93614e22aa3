import NenRule

enum TestCommand {
    static let spec = CommandSpec(
        name: "test", summary: "run the in-language tests",
        usage: "nenrule test [PATH...] [--format text|json] [--filter TEXT]",
        valueOptions: ["--format", "--filter"])

    static func run(_ arguments: Arguments) throws(UsageError) -> ExitCode {
        let format = try arguments.choice("--format", ["text", "json"], default: "text")
        let paths = arguments.positionals.isEmpty ? [bundledGuidelines()] : arguments.positionals
        var passed = 0, failed = 0
        var json: [JSONNode] = []
        for path in paths {
            guard let compilation = loadRuleSet(path), let model = compilation.model, let graph = compilation.graph else { return .failure }
            for outcome in TestRunner.run(model, graph, filter: arguments.value("--filter")) {
                let location = DiagnosticRenderer.location(outcome.span, in: compilation.sources)
                let place = location.map { "\($0.file):\($0.line):\($0.column)" } ?? path
                if outcome.passed { passed += 1 } else { failed += 1 }
                if format == "json" {
                    json.append(.object([
                        ("name", .string(outcome.name)), ("location", .string(place)), ("passed", .bool(outcome.passed)),
                        ("failures", .array(outcome.failures.map { .string($0) })),
                    ]))
                } else if !outcome.passed {
                    Console.out("FAIL \(outcome.name)\n  at \(place)\n" + outcome.failures.map { "  \($0)\n" }.joined())
                }
            }
        }
        if format == "json" {
            Console.out(JSONNode.object([("passed", .number(String(passed))), ("failed", .number(String(failed))), ("tests", .array(json))]).render(pretty: true) + "\n")
        } else {
            Console.out("\(passed) passed, \(failed) failed\n")
        }
        return failed > 0 ? .failure : .success
    }
}

import Foundation
import NenRule

enum TestCommand {
    static let spec = CommandSpec(
        name: "test", summary: "run the in-language tests, optionally with branch coverage",
        usage: "nenrule test [PATH...] [--coverage] [--format text|json] [--filter TEXT]",
        valueOptions: ["--format", "--filter"], flags: ["--coverage"])

    static func run(_ arguments: Arguments) throws(UsageError) -> ExitCode {
        let format = try arguments.choice("--format", ["text", "json"], default: "text")
        let paths = arguments.positionals.isEmpty ? [bundledGuidelines()] : arguments.positionals
        var passed = 0, failed = 0
        var records: [TestRunner.Outcome] = []
        var tests: [JSONNode] = [], coverageJSON: [JSONNode] = []
        for path in paths {
            guard let compilation = loadRuleSet(path), let model = compilation.model, let graph = compilation.graph else { return .failure }
            let (outcomes, coverage) = TestRunner.runWithCoverage(model, graph, filter: arguments.value("--filter"))
            for outcome in outcomes {
                if outcome.passed { passed += 1 } else { failed += 1 }
                if outcome.isOverRecord { records.append(outcome) }
                let place = location(outcome.span, compilation.sources) ?? path
                if format == "json" {
                    tests.append(.object([
                        ("name", .string(outcome.name)), ("location", .string(place)), ("passed", .bool(outcome.passed)),
                        ("failures", .array(outcome.failures.map { .string($0) })),
                        ("undetermined", .array(outcome.undetermined.map { .string($0) })),
                        ("irrelevant", .array(outcome.irrelevant.map { .string($0) })),
                    ]))
                } else if !outcome.passed {
                    Console.out("FAIL \(outcome.name)\n  at \(place)\n" + outcome.failures.map { "  \($0)\n" }.joined())
                }
            }
            if arguments.has("--coverage") {
                if format == "json" { coverageJSON.append(json(coverage, compilation.sources, path)) } else { Console.out(text(coverage, compilation.sources)) }
            }
        }
        if format == "json" {
            var members: [(String, JSONNode)] = [("passed", .number(String(passed))), ("failed", .number(String(failed))), ("tests", .array(tests))]
            if arguments.has("--coverage") { members.append(("coverage", .array(coverageJSON))) }
            Console.out(JSONNode.object(members).render(pretty: true) + "\n")
        } else {
            Console.out("\(passed) passed, \(failed) failed\n")
            if !records.isEmpty { Console.out(noise(records)) }
        }
        return failed > 0 ? .failure : .success
    }

    static func location(_ span: Span, _ sources: SourceSet) -> String? {
        DiagnosticRenderer.location(span, in: sources).map { "\($0.file):\($0.line):\($0.column)" }
    }

    /// Over the tests that read a patient record: how many decisions the patients see left
    /// undetermined, and how many of those their tests mark irrelevant.
    static func noise(_ records: [TestRunner.Outcome]) -> String {
        let undetermined = records.map(\.undetermined.count), irrelevant = records.map(\.irrelevant.count)
        let mean = { (counts: [Int]) in String(format: "%.1f", Double(counts.reduce(0, +)) / Double(counts.count)) }
        return "patient records: \(records.count) tests; undetermined per patient: mean \(mean(undetermined)), most \(undetermined.max()!); "
            + "marked irrelevant: mean \(mean(irrelevant)), most \(irrelevant.max()!)\n"
    }

    static func percent(_ value: Double) -> String { String(format: "%.1f %%", value) }

    /// Per decision: covered/total and the branches never taken, with their locations.
    static func text(_ coverage: Coverage, _ sources: SourceSet) -> String {
        var out = "branch coverage:\n"
        let width = coverage.entries.map(\.decision.count).max() ?? 0
        for entry in coverage.entries {
            let covered = entry.targets.count - entry.missed.count
            out += "  \(entry.decision.padding(toLength: width, withPad: " ", startingAt: 0))  \(covered)/\(entry.targets.count)  \(percent(entry.percent))\n"
            for target in entry.missed { out += "      never taken: \(target.label) at \(location(target.span, sources) ?? "?")\n" }
        }
        return out + "total branch coverage: \(percent(coverage.totalPercent))\n"
    }

    static func json(_ coverage: Coverage, _ sources: SourceSet, _ path: String) -> JSONNode {
        .object([
            ("path", .string(path)),
            ("total_percent", .number(String(format: "%.1f", coverage.totalPercent))),
            ("decisions", .array(coverage.entries.map { entry in
                .object([
                    ("id", .string(entry.decision)), ("covered", .number(String(entry.targets.count - entry.missed.count))),
                    ("total", .number(String(entry.targets.count))),
                    ("missed", .array(entry.missed.map { target in
                        .object([("branch", .string(target.label)), ("location", .string(location(target.span, sources) ?? ""))])
                    })),
                ])
            })),
        ])
    }
}

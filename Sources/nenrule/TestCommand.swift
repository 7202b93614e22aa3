import Foundation
import NenRule

enum TestCommand {
    static let spec = CommandSpec(
        name: "test", summary: "run the in-language tests, optionally with branch coverage",
        usage: "nenrule test [PATH...] [--coverage] [--format text|json|junit] [--filter TEXT]",
        valueOptions: ["--format", "--filter"], flags: ["--coverage"])

    /// What one rule set's run gave, for the chosen output.
    struct Run {
        var path: String
        var compilation: Compilation
        var outcomes: [TestRunner.Outcome]
        var coverage: Coverage
        /// Files left out because they have errors; their tests did not run.
        var skipped: [String]
    }

    static func run(_ arguments: Arguments) throws(UsageError) -> ExitCode {
        let format = try arguments.choice("--format", ["text", "json", "junit"], default: "text")
        let paths = arguments.positionals.isEmpty ? [bundledGuidelines()] : arguments.positionals
        let filter = arguments.value("--filter")
        // Every path is a root of one rule set.
        guard let run = load(paths, filter: filter) else { return .failure }
        let runs = [run]
        let outcomes = runs.flatMap(\.outcomes)
        switch format {
        case "json": Console.out(json(runs, coverage: arguments.has("--coverage")).render(pretty: true) + "\n")
        case "junit": Console.out(TestReport.junit(runs.map { ($0.path, $0.outcomes, $0.compilation.sources) }))
        default: text(runs, coverage: arguments.has("--coverage"))
        }
        if let filter, outcomes.isEmpty {
            Console.err("error[no-tests]: no test name contains `\(filter)`\n")
            return .failure
        }
        let skipped = runs.contains { !$0.skipped.isEmpty }
        return outcomes.allSatisfy(\.passed) && !skipped ? .success : .failure
    }

    /// Compiles and runs one rule set's tests. A file with errors is reported and left out, and
    /// the rest still run when they compile without it; nil when nothing can run.
    static func load(_ paths: [String], filter: String?) -> Run? {
        let path = paths.joined(separator: " ")
        var compilation = Frontend.load(paths: paths)
        if !compilation.diagnostics.isEmpty {
            Console.err(DiagnosticRenderer.textAll(compilation.diagnostics, sources: compilation.sources))
        }
        var skipped: [String] = []
        if compilation.hasErrors {
            guard let remaining = Frontend.withoutBrokenFiles(compilation) else { return nil }
            (compilation, skipped) = remaining
            Console.err("note: the tests of \(skipped.map { "`\($0)`" }.joined(separator: ", ")) did not run; the other files' tests ran without them\n")
        }
        guard let model = compilation.model, let graph = compilation.graph else { return nil }
        let (outcomes, coverage) = TestRunner.runWithCoverage(model, graph, filter: filter)
        return Run(path: path, compilation: compilation, outcomes: outcomes, coverage: coverage, skipped: skipped)
    }

    static func text(_ runs: [Run], coverage: Bool) {
        for run in runs {
            for outcome in run.outcomes where !outcome.passed {
                Console.out("FAIL \(outcome.name)\n" + outcome.failures.map { "  \(location($0.span, run.compilation.sources) ?? run.path): \($0.message)\n" }.joined())
            }
            if coverage { Console.out(text(run.coverage, run.compilation.sources)) }
        }
        let outcomes = runs.flatMap(\.outcomes)
        let failed = outcomes.filter { !$0.passed }.count
        Console.out("\(outcomes.count - failed) passed, \(failed) failed\n")
        let records = outcomes.filter(\.isOverRecord)
        if !records.isEmpty { Console.out(noise(records)) }
    }

    static func json(_ runs: [Run], coverage: Bool) -> JSONNode {
        let outcomes = runs.flatMap(\.outcomes)
        let failed = outcomes.filter { !$0.passed }.count
        let tests: [JSONNode] = runs.flatMap { run in
            run.outcomes.map { outcome in
                .object([
                    ("name", .string(outcome.name)), ("location", .string(location(outcome.span, run.compilation.sources) ?? run.path)),
                    ("passed", .bool(outcome.passed)),
                    ("failures", .array(outcome.failures.map { failure in
                        .object([("message", .string(failure.message)), ("location", .string(location(failure.span, run.compilation.sources) ?? run.path))])
                    })),
                    ("undetermined", .array(outcome.undetermined.map { .string($0) })),
                    ("irrelevant", .array(outcome.irrelevant.map { .string($0) })),
                ])
            }
        }
        var members: [(String, JSONNode)] = [("passed", .number(String(outcomes.count - failed))), ("failed", .number(String(failed))), ("tests", .array(tests))]
        members.append(("skipped_files", .array(runs.flatMap(\.skipped).map { .string($0) })))
        if coverage { members.append(("coverage", .array(runs.map { json($0.coverage, $0.compilation.sources, $0.path) }))) }
        return .object(members)
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
            for boundary in entry.untestedBoundaries { out += "      never tested at the cut-off: \(boundary.text)\n" }
        }
        let boundaries = coverage.boundaryCounts
        return out + "total branch coverage: \(percent(coverage.totalPercent))\n"
            + "total boundary coverage: \(percent(coverage.boundaryPercent)) (\(boundaries.tested) of \(boundaries.total) cut-offs tested at the cut-off)\n"
    }

    static func json(_ coverage: Coverage, _ sources: SourceSet, _ path: String) -> JSONNode {
        .object([
            ("path", .string(path)),
            ("total_percent", .number(String(format: "%.1f", coverage.totalPercent))),
            ("boundary_percent", .number(String(format: "%.1f", coverage.boundaryPercent))),
            ("decisions", .array(coverage.entries.map { entry in
                .object([
                    ("id", .string(entry.decision)), ("covered", .number(String(entry.targets.count - entry.missed.count))),
                    ("total", .number(String(entry.targets.count))),
                    ("missed", .array(entry.missed.map { target in
                        .object([("branch", .string(target.label)), ("location", .string(location(target.span, sources) ?? ""))])
                    })),
                    ("boundaries", .number(String(entry.boundaries.count))),
                    ("untested_boundaries", .array(entry.untestedBoundaries.map { .string($0.text) })),
                ])
            })),
        ])
    }
}

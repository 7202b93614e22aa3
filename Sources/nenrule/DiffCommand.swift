import Foundation
import NenRule

/// `nenrule diff OLD NEW`: which answers change between two versions of a rule set — as regions
/// of the input space with witnesses, or, with `--cases`, case by case over a cohort.
enum DiffCommand {
    static let spec = CommandSpec(
        name: "diff", summary: "which patients' answers change between two versions of a rule set (regions with witnesses, or a cohort)",
        usage: "nenrule diff OLD NEW [--decision ID]... [--map OLD_ID=NEW_ID]... [--outcomes-only] [--cases FILE] [--format text|json|markdown]",
        valueOptions: ["--decision", "--map", "--cases", "--format"], repeatable: ["--decision", "--map"], flags: ["--outcomes-only"])

    static func run(_ arguments: Arguments) throws(UsageError) -> ExitCode {
        let format = try arguments.choice("--format", ["text", "json", "markdown"], default: "text")
        guard arguments.positionals.count == 2 else { throw UsageError(message: "give the two versions: OLD and NEW (a file or a directory each)") }
        guard let old = load(arguments.positionals[0]), let new = load(arguments.positionals[1]) else { return .usage }
        var pairs: [(String, String)] = []
        for id in arguments.values["--decision"] ?? [] { pairs.append((id, id)) }
        for mapping in arguments.values["--map"] ?? [] {
            let parts = mapping.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw UsageError(message: "`--map` takes OLD_ID=NEW_ID, not `\(mapping)`") }
            pairs.append((parts[0], parts[1]))
        }
        for (o, n) in pairs {
            if !old.decisions.contains(where: { $0.id == o }) { throw UsageError(message: unknown(o, old, "OLD")) }
            if !new.decisions.contains(where: { $0.id == n }) { throw UsageError(message: unknown(n, new, "NEW")) }
        }
        let citations = !arguments.has("--outcomes-only")
        if let cases = arguments.value("--cases") { return cohort(cases, old, new, pairs, format, citations) }
        let report = SemanticDiff.compare(old: old, new: new, pairs: pairs, compareCitations: citations)
        switch format {
        case "json": Console.out(DiffRenderer.json(report).render(pretty: true) + "\n")
        case "markdown": Console.out(DiffRenderer.text(report, markdown: true))
        default: Console.out(DiffRenderer.text(report))
        }
        return report.hasAnswerChanges ? .failure : .success
    }

    static func unknown(_ id: String, _ graph: DecisionGraph, _ side: String) -> String {
        "no decision `\(id)` in \(side)" + (Suggestion.closest(to: id, in: graph.decisions.map(\.id)).map { " (did you mean `\($0)`?)" } ?? "")
    }

    static func load(_ path: String) -> DecisionGraph? {
        let compilation = Frontend.load(path: path)
        guard let graph = compilation.graph else {
            Console.err(DiagnosticRenderer.textAll(compilation.diagnostics.filter { $0.severity == .error }, sources: compilation.sources) + "\n")
            Console.err("error[diff]: `\(path)` does not compile\n")
            return nil
        }
        return graph
    }

    /// Streams the cohort through both versions: a line per change, then counts.
    static func cohort(_ path: String, _ old: DecisionGraph, _ new: DecisionGraph, _ pairs: [(String, String)], _ format: String,
                       _ citations: Bool) -> ExitCode {
        guard let handle = path == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: path) else {
            Console.err("error[io]: cannot read `\(path)`\n")
            return .usage
        }
        let csv = path.lowercased().hasSuffix(".csv")
        var diff = CohortDiff(old: old, new: new, pairs: pairs, format: csv ? .csv : .jsonl, compareCitations: citations)
        var number = 0, pending: [UInt8] = [], out = ""
        func line(_ bytes: ArraySlice<UInt8>) {
            number += 1
            let text = bytes.last == 0x0D ? bytes.dropLast() : bytes
            switch diff.add(text, number: number) {
            case .success(let changes):
                for change in changes { out += render(change, format) }
            case .failure(let problem):
                out += format == "json" ? JSONNode.object([("line", .number(String(number))), ("error", .string("\(problem.code): \(problem.message)"))]).render(pretty: false) + "\n"
                    : "line \(number): error[\(problem.code)]: \(problem.message)\n"
            }
            if out.utf8.count > 1 << 16 { Console.out(out); out = "" }
        }
        while true {
            let chunk = [UInt8](handle.readData(ofLength: 1 << 20))
            if chunk.isEmpty { break }
            pending += chunk
            var start = 0
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                line(pending[start..<newline])
                start = newline + 1
            }
            pending.removeFirst(start)
        }
        if !pending.isEmpty { line(pending[...]) }
        Console.out(out + summary(diff, format))
        return diff.changedCases > 0 ? .failure : (diff.errors > 0 ? .usage : .success)
    }

    static func render(_ change: CohortDiff.Change, _ format: String) -> String {
        let who = change.caseID.map { "case \($0)" } ?? "line \(change.line)"
        if format == "json" {
            return JSONNode.object([("line", .number(String(change.line))), ("case_id", change.caseID.map { .string($0) } ?? .null),
                                    ("decision", .string(change.decision)), ("old", .string(change.old.text)), ("new", .string(change.new.text))]).render(pretty: false) + "\n"
        }
        return "\(who): `\(change.decision)`: \(change.old.text) → \(change.new.text)\n"
    }

    static func summary(_ diff: CohortDiff, _ format: String) -> String {
        if format == "json" {
            return JSONNode.object([("summary", .object([
                ("format", .string(DiffRenderer.format)), ("version", .number(String(DiffRenderer.version))), ("cases", .number(String(diff.cases))),
                ("errors", .number(String(diff.errors))), ("changed_cases", .number(String(diff.changedCases))),
                ("by_decision", .object(diff.byDecision.map { ($0.decision, .number(String($0.cases))) })),
            ]))]).render(pretty: false) + "\n"
        }
        var text = "\(diff.cases) cases, \(diff.changedCases) with a changed answer, \(diff.errors) unreadable\n"
        for entry in diff.byDecision { text += "  \(entry.decision): \(entry.cases) case\(entry.cases == 1 ? "" : "s")\n" }
        return text
    }
}

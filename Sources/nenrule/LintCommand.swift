import Foundation
import NenRule

enum LintCommand {
    static let spec = CommandSpec(
        name: "lint", summary: "find gaps, overlaps, unreachable branches, open boundaries, unit slips and more, with witness cases",
        usage: "nenrule lint [PATH...] [--format text|json|sarif] [--deny-warnings] [--strict]",
        valueOptions: ["--format"], flags: ["--deny-warnings", "--strict"])

    static func run(_ arguments: Arguments) throws(UsageError) -> ExitCode {
        let format = try arguments.choice("--format", ["text", "json", "sarif"], default: "text")
        let paths = arguments.positionals.isEmpty ? [bundledGuidelines()] : arguments.positionals
        var json: [JSONNode] = []
        var sarifRuns: [JSONNode] = []
        var counts: [Severity: Int] = [:]
        // Every path is a root of one rule set.
        for compilation in [Frontend.load(paths: paths)] {
            let findings = Linter.lint(compilation, options: Linter.Options(strict: arguments.has("--strict")))
            for finding in findings { counts[finding.severity, default: 0] += 1 }
            switch format {
            case "json": json += findings.map { DiagnosticRenderer.json($0, sources: compilation.sources) }
            case "sarif":
                if case .object(let members) = SARIFRenderer.render(findings, sources: compilation.sources, base: FileManager.default.currentDirectoryPath),
                   case .array(let runs)? = members.first(where: { $0.0 == "runs" })?.1 { sarifRuns += runs }
            default: printText(findings, compilation)
            }
        }
        switch format {
        case "json": Console.out(JSONNode.array(json).render(pretty: true) + "\n")
        case "sarif":
            Console.out(JSONNode.object([("$schema", .string(SARIFRenderer.schema)), ("version", .string("2.1.0")), ("runs", .array(sarifRuns))]).render(pretty: true) + "\n")
        default:
            Console.err("lint: \(counts[.error] ?? 0) errors, \(counts[.warning] ?? 0) warnings, \(counts[.info] ?? 0) notes\n")
        }
        let failing = (counts[.error] ?? 0) > 0 || (arguments.has("--deny-warnings") && (counts[.warning] ?? 0) > 0)
        return failing ? .failure : .success
    }

    /// Problems first, then information; editorial resolutions last, as one reviewable list.
    static func printText(_ findings: [Diagnostic], _ compilation: Compilation) {
        let resolutions = findings.filter { $0.code == "resolution" }
        let rest = findings.filter { $0.code != "resolution" }
        if !rest.isEmpty { Console.out(DiagnosticRenderer.textAll(rest, sources: compilation.sources) + "\n") }
        guard !resolutions.isEmpty else { return }
        Console.out("editorial resolutions recorded in notes (\(resolutions.count)):\n")
        for finding in resolutions {
            let place = DiagnosticRenderer.location(finding.span, in: compilation.sources).map { "\($0.file):\($0.line)" } ?? ""
            Console.out("  \(place): \(finding.message)\n")
        }
    }
}

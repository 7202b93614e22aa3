import NenRule

enum CheckCommand {
    static let spec = CommandSpec(
        name: "check", summary: "parse, resolve and type-check a rule set (several PATHs compose one)",
        usage: "nenrule check [PATH...] [--format text|json]", valueOptions: ["--format"])

    static func run(_ arguments: Arguments) throws(UsageError) -> ExitCode {
        let format = try arguments.choice("--format", ["text", "json"], default: "text")
        let paths = arguments.positionals.isEmpty ? [bundledGuidelines()] : arguments.positionals
        var json: [JSONNode] = []
        var errors = 0, warnings = 0, files = 0
        // Every path is a root of one rule set.
        for compilation in [Frontend.load(paths: paths)] {
            let diagnostics = compilation.diagnostics.sortedForOutput()
            errors += diagnostics.filter { $0.severity == .error }.count
            warnings += diagnostics.filter { $0.severity == .warning }.count
            files += compilation.sources.files.count
            if format == "json" {
                json += diagnostics.map { DiagnosticRenderer.json($0, sources: compilation.sources) }
            } else if !diagnostics.isEmpty {
                Console.out(DiagnosticRenderer.textAll(diagnostics, sources: compilation.sources) + "\n")
            }
        }
        if format == "json" {
            Console.out(JSONNode.array(json).render(pretty: true) + "\n")
        } else {
            Console.err("checked \(files) file\(files == 1 ? "" : "s"): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n")
        }
        return errors > 0 ? .failure : .success
    }
}

import Foundation
import NenRule

/// Exit codes of every command: 0 success, 1 diagnostics or failed tests, 2 usage or unreadable input.
enum ExitCode: Int32 {
    case success = 0, failure = 1, usage = 2
}

/// The only place the CLI writes to the terminal.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func err(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Whether stderr is a terminal (progress lines and colour only there).
    static var stderrIsTerminal: Bool { isatty(2) != 0 }
}

/// Reads a file, or standard input for `-`; nil (after a message) when it cannot be read.
func readInput(_ path: String) -> [UInt8]? {
    if path == "-" { return [UInt8](FileHandle.standardInput.readDataToEndOfFile()) }
    guard let data = FileManager.default.contents(atPath: path) else {
        Console.err("error[io]: cannot read `\(path)`\n")
        return nil
    }
    return [UInt8](data)
}

/// The bundled guideline: `$NENRULE_GUIDELINES`, `./Guidelines`, or `Guidelines/` beside the
/// checkout the executable was built in.
func bundledGuidelines() -> String {
    if let path = ProcessInfo.processInfo.environment["NENRULE_GUIDELINES"] { return path }
    let manager = FileManager.default
    if manager.fileExists(atPath: "Guidelines") { return "Guidelines" }
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<6 {
        let candidate = directory.appendingPathComponent("Guidelines")
        if manager.fileExists(atPath: candidate.path) { return candidate.path }
        directory.deleteLastPathComponent()
    }
    return "Guidelines"
}

/// Loads a rule set and prints its diagnostics to stderr; nil when it has errors.
func loadRuleSet(_ path: String) -> Compilation? { loadRuleSet([path]) }


/// Loads one rule set composed of every path (the bundled one when none is given), printing
/// its diagnostics; nil when it has errors.
func loadRuleSet(_ paths: [String]) -> Compilation? {
    let compilation = Frontend.load(paths: paths.isEmpty ? [bundledGuidelines()] : paths)
    if !compilation.diagnostics.isEmpty {
        Console.err(DiagnosticRenderer.textAll(compilation.diagnostics, sources: compilation.sources))
    }
    return compilation.hasErrors ? nil : compilation
}

import Foundation
import NenRule

enum FmtCommand {
    static let spec = CommandSpec(
        name: "fmt",
        summary: "rewrite rule files in the canonical layout (--check lists the files that are not, --diff shows the changes)",
        usage: "nenrule fmt [PATH...] [--check] [--diff]", flags: ["--check", "--diff"])

    /// What happened to one file.
    enum Outcome {
        case unchanged, changed, failed, ioFailed
    }

    static func run(_ arguments: Arguments) throws(UsageError) -> ExitCode {
        let paths = arguments.positionals.isEmpty ? [bundledGuidelines()] : arguments.positionals
        guard let files = ruleFiles(paths) else { return .usage }
        let check = arguments.has("--check"), diff = arguments.has("--diff")
        var outcomes: [Outcome] = []
        for file in files {
            outcomes.append(format(file, write: !check && !diff, diff: diff, list: check))
        }
        Console.err(summary(outcomes, verb: check ? "not formatted" : diff ? "would be reformatted" : "reformatted"))
        if outcomes.contains(.ioFailed) { return .usage }
        if outcomes.contains(.failed) || ((check || diff) && outcomes.contains(.changed)) { return .failure }
        return .success
    }

    /// `fmt: 3 files reformatted, 71 files already formatted`, and the files left because of errors.
    static func summary(_ outcomes: [Outcome], verb: String) -> String {
        func files(_ outcome: Outcome) -> String {
            let count = outcomes.filter { $0 == outcome }.count
            return count == 1 ? "1 file" : "\(count) files"
        }
        var parts = ["\(files(.changed)) \(verb)", "\(files(.unchanged)) already formatted"]
        if outcomes.contains(.failed) { parts.append("\(files(.failed)) with errors, left unchanged") }
        return "fmt: " + parts.joined(separator: ", ") + "\n"
    }

    /// Formats one file, then writes it, prints its diff or lists it.
    static func format(_ path: String, write: Bool, diff: Bool, list: Bool) -> Outcome {
        guard let bytes = FileManager.default.contents(atPath: path).map({ [UInt8]($0) }) else {
            Console.err("error[io]: cannot read `\(path)`\n")
            return .ioFailed
        }
        let source = SourceFile(path: path, bytes: bytes)
        let output = NenRule.Formatter.format(source)
        guard let text = output.text else {
            var sources = SourceSet()
            _ = sources.add(source)
            Console.err(DiagnosticRenderer.textAll(output.diagnostics, sources: sources) + "\n")
            return .failed
        }
        guard Array(text.utf8) != bytes else { return .unchanged }
        if list { Console.out(path + "\n") }
        if diff { Console.out(UnifiedDiff.diff(String(decoding: bytes, as: UTF8.self), text, path: path)) }
        if write, !writeAtomically(text, to: path) {
            Console.err("error[io]: cannot write `\(path)`\n")
            return .ioFailed
        }
        return .changed
    }

    /// The `.nenrule` files named by `paths` (directories searched recursively), or nil after a
    /// message when a path does not exist.
    static func ruleFiles(_ paths: [String]) -> [String]? {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                Console.err("error[io]: no such file or directory `\(path)`\n")
                return nil
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".nenrule") }
                .map { (path as NSString).appendingPathComponent($0) }
            files += found.sorted()
        }
        return files
    }

    /// Writes a temporary file beside the target and renames it over the target, so a reader
    /// (or a crash) never sees half a file. The target keeps its permissions.
    static func writeAtomically(_ text: String, to path: String) -> Bool {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).fmt-\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try Data(text.utf8).write(to: temporary)
            if let permissions = try? FileManager.default.attributesOfItem(atPath: target.path)[.posixPermissions] {
                try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary.path)
            }
            guard rename(temporary.path, target.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
            return true
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            return false
        }
    }
}

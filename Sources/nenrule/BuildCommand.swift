import Foundation
import NenRule

/// `nenrule build --target c`: the rule set as a C header and source with no dependency
/// beyond libc, for systems that embed the guideline without a Swift runtime.
enum BuildCommand {
    static let spec = CommandSpec(
        name: "build", summary: "generate native code of the rule set: C11, no dependency beyond libc",
        usage: "nenrule build [PATH...] --target c --out DIR [--decision ID]...",
        valueOptions: ["--target", "--out", "--decision"], repeatable: ["--decision"])

    static func run(_ arguments: Arguments) throws(UsageError) -> ExitCode {
        _ = try arguments.choice("--target", ["c"], default: "c")
        guard arguments.value("--target") != nil else { throw UsageError(message: "`--target` is required (`--target c`)") }
        guard let directory = arguments.value("--out") else { throw UsageError(message: "`--out DIR` is required") }
        guard let compilation = loadRuleSet(arguments.positionals), let graph = compilation.graph else { return .failure }
        let program: CProgram
        do {
            program = try CEmitter.emit(graph, selection: arguments.values["--decision"])
        } catch let failure as CEmitter.Failure {
            throw UsageError(message: failure.description)
        } catch {
            throw UsageError(message: "\(error)")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            Console.err("error[io]: cannot create `\(directory)`\n")
            return .usage
        }
        for (name, text) in [("nenrule.h", program.header), ("nenrule.c", program.source)] {
            let path = (directory as NSString).appendingPathComponent(name)
            guard AtomicFile.write(Array(text.utf8), to: path) else {
                Console.err("error[io]: cannot write `\(path)`\n")
                return .usage
            }
        }
        Console.err("wrote \(directory)/nenrule.h and \(directory)/nenrule.c: \(program.decisions.count) decisions, \(graph.facts.count) facts, \(graph.constraints.count) constraints (\(graph.digest))\n")
        return .success
    }
}

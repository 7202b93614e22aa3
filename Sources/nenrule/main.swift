import Foundation
import NenRule

/// `nenrule`: a thin shell over the NenRule library. Each command parses its arguments, calls
/// the library, and chooses how to print.
let commands: [(CommandSpec, (Arguments) throws(UsageError) -> ExitCode)] = [
    (CheckCommand.spec, CheckCommand.run),
    (LintCommand.spec, LintCommand.run),
    (EvalCommand.spec, EvalCommand.run),
    (BatchCommand.spec, BatchCommand.run),
    (TestCommand.spec, TestCommand.run),
    (FmtCommand.spec, FmtCommand.run),
    (GraphCommand.spec, GraphCommand.run),
    (ExplainCommand.spec, ExplainCommand.run),
    (CatalogCommand.spec, CatalogCommand.run),
    (VocabCommand.spec, VocabCommand.run),
    (SchemaCommand.spec, SchemaCommand.run),
    (BuildCommand.spec, BuildCommand.run),
    (DiffCommand.spec, DiffCommand.run),
    (LspCommand.spec, LspCommand.run),
]

@MainActor func usage() -> String {
    "usage: nenrule COMMAND [ARGS]    (nenrule COMMAND --help for its options, nenrule --version)\n\n" + commands.map { "  \($0.0.usage)\n      \($0.0.summary)\n" }.joined()
        + "\nPATH is a .nenrule file or a directory; left out, the bundled Guidelines/.\nExit codes: 0 success, 1 diagnostics or failed tests, 2 usage or unreadable input.\n"
}

@MainActor func main() -> ExitCode {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if arguments.first == "--version" || arguments.first == "version" {
        Console.out("nenrule \(Version.toolchain) (rule format \(Version.ruleFormat))\n")
        return .success
    }
    guard let name = arguments.first, !["-h", "--help", "help"].contains(name) else {
        Console.out(usage())
        return arguments.isEmpty ? .usage : .success
    }
    guard let (spec, run) = commands.first(where: { $0.0.name == name }) else {
        let hint = Suggestion.closest(to: name, in: commands.map(\.0.name)).map { " (did you mean `\($0)`?)" } ?? ""
        Console.err("error[usage]: unknown command `\(name)`\(hint)\n\n" + usage())
        return .usage
    }
    if arguments.dropFirst().contains(where: { $0 == "--help" || $0 == "-h" }) {
        let details = HelpText.details(spec.name)
        Console.out("usage: \(spec.usage)\n  \(spec.summary)\n" + (details.isEmpty ? "" : "\n" + details + "\n")
            + "\nPATH is a .nenrule file or a directory; left out, the bundled Guidelines/.\nExit codes: 0 success, 1 diagnostics or failed tests, 2 usage or unreadable input.\n")
        return .success
    }
    do {
        return try run(try Arguments.parse(Array(arguments.dropFirst()), spec))
    } catch {
        Console.err("error[usage]: \(error.message)\nusage: \(spec.usage)\n")
        return .usage
    }
}

exit(main().rawValue)

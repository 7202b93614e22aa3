import NenRule

enum SchemaCommand {
    static let spec = CommandSpec(
        name: "schema", summary: "write a JSON Schema (draft 2020-12) of one case: what `eval --facts` accepts",
        usage: "nenrule schema [PATH...] [--out FILE]", valueOptions: ["--out"])

    static func run(_ arguments: Arguments) throws(UsageError) -> ExitCode {
        guard let compilation = loadRuleSet(arguments.positionals), let model = compilation.model else { return .failure }
        let text = CaseSchemaRenderer(model: model).schema().render(pretty: true) + "\n"
        guard let path = arguments.value("--out") else {
            Console.out(text)
            return .success
        }
        guard AtomicFile.write(Array(text.utf8), to: path) else {
            Console.err("error[io]: cannot write `\(path)`\n")
            return .usage
        }
        return .success
    }
}

import NenRule

/// What a subcommand accepts.
struct CommandSpec {
    var name: String
    var summary: String
    var usage: String
    /// Options that take a value (`--format json` or `--format=json`).
    var valueOptions: Set<String> = []
    /// Options that may repeat (`--decision A --decision B`).
    var repeatable: Set<String> = []
    var flags: Set<String> = []
}

/// A usage mistake: printed with the command's usage, exit code 2.
struct UsageError: Error {
    var message: String
}

/// Parsed command-line arguments of one subcommand.
struct Arguments {
    var positionals: [String] = []
    var values: [String: [String]] = [:]
    var flags: Set<String> = []

    static func parse(_ arguments: [String], _ spec: CommandSpec) throws(UsageError) -> Arguments {
        var parsed = Arguments()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument != "--" else {
                parsed.positionals.append(argument)
                continue
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if spec.flags.contains(name), inlineValue == nil {
                parsed.flags.insert(name)
            } else if spec.valueOptions.contains(name) {
                guard let value = inlineValue ?? (index < arguments.count ? arguments[index] : nil) else {
                    throw UsageError(message: "`\(name)` needs a value")
                }
                if inlineValue == nil { index += 1 }
                if parsed.values[name] != nil, !spec.repeatable.contains(name) {
                    throw UsageError(message: "`\(name)` is given more than once")
                }
                parsed.values[name, default: []].append(value)
            } else {
                let known = spec.flags.union(spec.valueOptions)
                let hint = Suggestion.closest(to: name, in: known).map { " (did you mean `\($0)`?)" } ?? ""
                throw UsageError(message: "unknown option `\(name)` for `nenrule \(spec.name)`\(hint)")
            }
        }
        return parsed
    }

    func value(_ name: String) -> String? { values[name]?.last }
    func has(_ flag: String) -> Bool { flags.contains(flag) }

    /// A value restricted to a fixed set, with a did-you-mean on a miss.
    func choice(_ name: String, _ allowed: [String], default fallback: String) throws(UsageError) -> String {
        guard let value = value(name) else { return fallback }
        guard allowed.contains(value) else {
            let hint = Suggestion.closest(to: value, in: allowed).map { " (did you mean `\($0)`?)" } ?? ""
            throw UsageError(message: "`\(name)` takes \(allowed.map { "`\($0)`" }.joined(separator: ", ")), not `\(value)`\(hint)")
        }
        return value
    }
}

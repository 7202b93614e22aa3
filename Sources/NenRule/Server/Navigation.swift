/// Go to definition, find references and rename, across every file of the rule set, from the
/// symbol index.
extension LanguageServer {
    /// The name under the cursor, or an `invalidParams` error naming what was asked.
    func symbol(_ params: JSONValue?) throws(ResponseError) -> SymbolIndex.Occurrence? {
        guard let target = workspace.target(params) else {
            throw ResponseError(code: .invalidParams, message: "no rule file of the workspace at `textDocument.uri`")
        }
        return workspace.index.occurrence(file: target.file, offset: target.offset)
    }

    func definition(_ params: JSONValue?) throws(ResponseError) -> JSONNode {
        guard let occurrence = try symbol(params) else { return .null }
        return .array(workspace.index.declarations(of: occurrence.key).compactMap { workspace.location($0.span) })
    }

    func references(_ params: JSONValue?) throws(ResponseError) -> JSONNode {
        guard let occurrence = try symbol(params) else { return .null }
        let withDeclaration = params?["context"]?["includeDeclaration"]?.bool ?? true
        return .array(workspace.index.occurrences(of: occurrence.key)
            .filter { withDeclaration || !$0.isDeclaration }
            .sorted { ($0.span.file, $0.span.start) < ($1.span.file, $1.span.start) }
            .compactMap { workspace.location($0.span) })
    }

    func prepareRename(_ params: JSONValue?) throws(ResponseError) -> JSONNode {
        guard let occurrence = try symbol(params), occurrence.key.kind != .test, let range = workspace.range(occurrence.span) else { return .null }
        return .object([("range", range), ("placeholder", .string(occurrence.key.name))])
    }

    func rename(_ params: JSONValue?) throws(ResponseError) -> JSONNode {
        guard let occurrence = try symbol(params) else {
            throw ResponseError(code: .requestFailed, message: "there is no fact, member, outcome, define, decision or constraint here to rename")
        }
        let key = occurrence.key
        guard key.kind != .test else { throw ResponseError(code: .requestFailed, message: "a test is named by its string: edit the string") }
        guard let newName = params?["newName"]?.string, Self.isValidName(newName, dotted: key.kind == .decision || key.kind == .constraint) else {
            throw ResponseError(code: .invalidParams, message: "`\(params?["newName"]?.string ?? "")` is not a valid name")
        }
        var clash = SymbolIndex.Key(kind: key.kind, name: newName, fact: key.fact)
        if key.kind == .fact || key.kind == .define { clash.kind = key.kind == .fact ? .define : .fact }
        guard workspace.index.declarations(of: SymbolIndex.Key(kind: key.kind, name: newName, fact: key.fact)).isEmpty,
              workspace.index.declarations(of: clash).isEmpty else {
            throw ResponseError(code: .requestFailed, message: "`\(newName)` is already declared")
        }
        var changes: [String: [JSONNode]] = [:]
        for found in workspace.index.occurrences(of: key) {
            guard let uri = workspace.uri(of: found.span.file), let range = workspace.range(found.span) else { continue }
            changes[uri, default: []].append(.object([("range", range), ("newText", .string(newName))]))
        }
        return .object([("changes", .object(changes.sorted { $0.key < $1.key }.map { ($0.key, .array($0.value)) }))])
    }

    /// A name the grammar accepts here and that is not a reserved word.
    static func isValidName(_ name: String, dotted: Bool) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty, dotted || parts.count == 1 else { return false }
        return parts.allSatisfy { part in
            guard let first = part.first, first.isASCII, first.isLetter || first == "_" else { return false }
            return part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } && !reservedWords.contains(String(part))
        }
    }
}

/// Document and workspace symbols: decisions, facts (with their members), outcomes, defines,
/// constraints and tests.
extension LanguageServer {
    /// LSP SymbolKind numbers.
    static func symbolKind(_ kind: SymbolIndex.Kind) -> Int {
        switch kind {
        case .decision: 12    // Function
        case .fact: 13        // Variable
        case .member: 22      // EnumMember
        case .outcome: 14     // Constant
        case .define: 21      // TypeParameter-like: a named condition
        case .constraint: 11  // Interface
        case .test: 6         // Method
        }
    }

    func documentSymbols(_ params: JSONValue?) throws(ResponseError) -> JSONNode {
        guard let uri = params?["textDocument"]?["uri"]?.string, let path = FileURI.path(uri), let file = workspace.fileIndex(path),
              let ast = workspace.compilation.files.first(where: { $0.file == file }) else {
            throw ResponseError(code: .invalidParams, message: "no rule file of the workspace at `textDocument.uri`")
        }
        return .array(ast.items.compactMap { documentSymbol($0) })
    }

    private func documentSymbol(_ item: Item) -> JSONNode? {
        let declared = workspace.index.occurrences.filter { $0.isDeclaration && $0.span.file == item.span.file
            && item.span.start <= $0.span.start && $0.span.end <= item.span.end }
        guard let main = declared.first, let range = workspace.range(item.span), let selection = workspace.range(main.span) else { return nil }
        let children = declared.dropFirst().compactMap { child -> JSONNode? in
            guard let childRange = workspace.range(child.span) else { return nil }
            return .object([("name", .string(child.key.name)), ("kind", .int(Self.symbolKind(child.key.kind))),
                            ("range", childRange), ("selectionRange", childRange)])
        }
        var members: [(String, JSONNode)] = [("name", .string(main.key.name)), ("kind", .int(Self.symbolKind(main.key.kind))),
                                             ("range", range), ("selectionRange", selection)]
        if let detail = detail(item) { members.append(("detail", .string(detail))) }
        if !children.isEmpty { members.append(("children", .array(children))) }
        return .object(members)
    }

    private func detail(_ item: Item) -> String? {
        switch item {
        case .decision(let d): d.header.title?.value
        case .table(let d): d.header.title?.value
        case .criteria(let d): d.header.title?.value
        case .outcome(let d): d.label?.value
        case .fact(let d): d.description?.value
        case .constraint(let d): d.title?.value
        default: nil
        }
    }

    func workspaceSymbols(_ params: JSONValue?) -> JSONNode {
        let query = (params?["query"]?.string ?? "").lowercased()
        let kinds: Set<SymbolIndex.Kind> = [.decision, .fact, .outcome, .define, .constraint, .test]
        let found = workspace.index.occurrences.filter { $0.isDeclaration && kinds.contains($0.key.kind) }
            .filter { query.isEmpty || Self.fuzzyMatch(query, $0.key.name.lowercased()) }
            .prefix(500)
        return .array(found.compactMap { occurrence in
            workspace.location(occurrence.span).map { location in
                .object([("name", .string(occurrence.key.name)), ("kind", .int(Self.symbolKind(occurrence.key.kind))), ("location", location)])
            }
        })
    }

    /// The query's characters in order within the name (`rnm` finds `rectal_net.management`).
    static func fuzzyMatch(_ query: String, _ name: String) -> Bool {
        if name.contains(query) { return true }
        var rest = Substring(name)
        for character in query {
            guard let found = rest.firstIndex(of: character) else { return false }
            rest = rest[rest.index(after: found)...]
        }
        return true
    }
}

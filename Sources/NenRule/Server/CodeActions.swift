/// Quick fixes for the diagnostics in the requested range: apply a "did you mean", add
/// `otherwise => refer mdt_review` to a decision with a gap, put an open boundary on one side
/// (`<` → `<=` or `>` → `>=`, with a note skeleton naming the boundary), add a citation
/// skeleton to a branch without one.
extension LanguageServer {
    struct Edit {
        var start: Int
        var end: Int
        var text: String
    }

    func codeActions(_ params: JSONValue?) throws(ResponseError) -> JSONNode {
        guard let uri = params?["textDocument"]?["uri"]?.string, let path = FileURI.path(uri), let file = workspace.fileIndex(path),
              let source = workspace.source(file) else {
            throw ResponseError(code: .invalidParams, message: "no rule file of the workspace at `textDocument.uri`")
        }
        let lines = LineIndex(source.bytes)
        let start = Workspace.offset(params?["range"]?["start"], in: lines), end = Workspace.offset(params?["range"]?["end"], in: lines)
        let current = (workspace.lintFindings[path] ?? workspace.compilation.diagnostics).filter {
            $0.span.file == file && $0.span.start <= end && start <= $0.span.end
        }
        var actions: [JSONNode] = []
        for diagnostic in current {
            for (title, edits) in fixes(diagnostic, source) {
                let textEdits = edits.map { edit in
                    JSONNode.object([("range", Workspace.range(lines, edit.start, edit.end)), ("newText", .string(edit.text))])
                }
                var action: [(String, JSONNode)] = [("title", .string(title)), ("kind", .string("quickfix")),
                                                     ("edit", .object([("changes", .object([(uri, .array(textEdits))]))]))]
                if let mapped = DiagnosticMapping.lsp(diagnostic, workspace) { action.append(("diagnostics", .array([mapped]))) }
                actions.append(.object(action))
            }
        }
        return .array(actions)
    }

    func fixes(_ diagnostic: Diagnostic, _ source: SourceFile) -> [(String, [Edit])] {
        var fixes: [(String, [Edit])] = []
        if let suggestion = diagnostic.help.flatMap(Self.suggestion) {
            let old = String(decoding: source.bytes[diagnostic.span.start..<diagnostic.span.end], as: UTF8.self)
            if old != suggestion { fixes.append(("replace `\(old)` with `\(suggestion)`", [Edit(start: diagnostic.span.start, end: diagnostic.span.end, text: suggestion)])) }
        }
        switch diagnostic.code {
        case "gap": if let fix = otherwiseFix(diagnostic, source) { fixes.append(fix) }
        case "open-boundary": fixes += boundaryFixes(diagnostic, source)
        case "missing-citation":
            fixes.append(("add a citation skeleton", [Edit(start: diagnostic.span.end, end: diagnostic.span.end, text: " cite \"§\"")]))
        default: break
        }
        return fixes
    }

    /// `x` of a help that reads "did you mean `x`?".
    static func suggestion(_ help: String) -> String? {
        guard let range = help.range(of: "did you mean `"), let close = help[range.upperBound...].firstIndex(of: "`") else { return nil }
        return String(help[range.upperBound..<close])
    }

    /// `otherwise => refer mdt_review` on its own line before the decision's closing brace.
    func otherwiseFix(_ diagnostic: Diagnostic, _ source: SourceFile) -> (String, [Edit])? {
        guard let decision = workspace.compilation.model?.decisions.first(where: { $0.idSpan == diagnostic.span }),
              decision.span.end > 0, source.bytes[decision.span.end - 1] == UInt8(ascii: "}") else { return nil }
        var lineStart = decision.span.end - 1
        while lineStart > 0, source.bytes[lineStart - 1] == 0x20 || source.bytes[lineStart - 1] == 0x09 { lineStart -= 1 }
        let ownLine = lineStart == 0 || source.bytes[lineStart - 1] == 0x0A
        let text = ownLine ? "  otherwise => refer mdt_review\n" : " otherwise => refer mdt_review "
        let at = ownLine ? lineStart : decision.span.end - 1
        return ("add `otherwise => refer mdt_review` to `\(decision.id)`", [Edit(start: at, end: at, text: text)])
    }

    /// For a value no branch covers: include it below (`<` → `<=` in the lower branch) or
    /// above (`>` → `>=` in the upper one), each with a note naming the boundary. The fact and
    /// value are the witness's; the lower branch is the related location.
    func boundaryFixes(_ diagnostic: Diagnostic, _ source: SourceFile) -> [(String, [Edit])] {
        guard diagnostic.message.hasPrefix("no branch"), let lower = diagnostic.related.first?.span,
              let fact = Self.backticked(diagnostic.message, 2) else { return [] }
        let value = diagnostic.message.components(separatedBy: "` = ").dropFirst().first?.components(separatedBy: " exactly").first ?? "the boundary"
        var fixes: [(String, [Edit])] = []
        for (span, op, wider, side) in [(lower, "<", "<=", "below"), (diagnostic.span, ">", ">=", "above")] {
            guard let position = Self.operatorOffset(source, span, fact: fact, op: op) else { continue }
            let note = " note \"open-boundary: `\(fact)` = \(value) belongs \(side): AMB-?? reading\""
            fixes.append(("put `\(fact)` = \(value) \(side) (`\(op)` → `\(wider)`)",
                          [Edit(start: position, end: position + op.utf8.count, text: wider), Edit(start: span.end, end: span.end, text: note)]))
        }
        return fixes
    }

    /// The n-th backticked word of a message (1-based).
    static func backticked(_ message: String, _ n: Int) -> String? {
        let parts = message.components(separatedBy: "`")
        return parts.count > 2 * n - 1 ? parts[2 * n - 1] : nil
    }

    /// The offset of `fact op` (exactly `op`, not `op=`) inside a span, by its tokens.
    static func operatorOffset(_ source: SourceFile, _ span: Span, fact: String, op: String) -> Int? {
        let tokens = Lexer.tokenize(SourceFile(path: source.path, bytes: Array(source.bytes[..<span.end])), file: span.file).tokens
        let kind: TokenKind = op == "<" ? .less : .greater
        for (index, token) in tokens.enumerated() where index > 0 && token.span.start >= span.start && token.kind == kind {
            if tokens[index - 1].text == fact { return token.span.start }
        }
        return nil
    }
}

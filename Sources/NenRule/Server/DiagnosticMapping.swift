/// A library diagnostic as an LSP one: the code and severity as they are, notes, witness and
/// help appended to the message (editors show the message whole), related spans as related
/// information, and the help again under `data` for code actions.
enum DiagnosticMapping {
    static func lsp(_ diagnostic: Diagnostic, _ workspace: Workspace) -> JSONNode? {
        let start = JSONNode.object([("line", .int(0)), ("character", .int(0))])
        guard let range = workspace.range(diagnostic.span) ?? (diagnostic.span == .none ? .object([("start", start), ("end", start)]) : nil) else { return nil }
        var message = diagnostic.message
        if !diagnostic.witness.isEmpty {
            message += "\nwitness: " + DiagnosticRenderer.witnessJSON(diagnostic.witness).render(pretty: false)
        }
        for note in diagnostic.notes { message += "\nnote: " + note }
        if let help = diagnostic.help { message += "\nhelp: " + help }
        var members: [(String, JSONNode)] = [
            ("range", range), ("severity", .int(severity(diagnostic.severity))), ("code", .string(diagnostic.code)),
            ("source", .string("nenrule")), ("message", .string(message)),
        ]
        let related = diagnostic.related.compactMap { related in
            workspace.location(related.span).map { JSONNode.object([("location", $0), ("message", .string(related.message))]) }
        }
        if !related.isEmpty { members.append(("relatedInformation", .array(related))) }
        var data: [(String, JSONNode)] = []
        if let help = diagnostic.help { data.append(("help", .string(help))) }
        if !diagnostic.witness.isEmpty { data.append(("witness", DiagnosticRenderer.witnessJSON(diagnostic.witness))) }
        if !data.isEmpty { members.append(("data", .object(data))) }
        return .object(members)
    }

    static func severity(_ severity: Severity) -> Int {
        switch severity {
        case .error: 1
        case .warning: 2
        case .info: 3
        }
    }
}

/// What the server offers, in the `initialize` result.
enum Capabilities {
    static let commands = ["nenrule.runTest"]

    static var initializeResult: JSONNode {
        .object([
            ("capabilities", .object([
                ("positionEncoding", .string("utf-16")),
                // Incremental: a change sends the edit, not the document.
                ("textDocumentSync", .object([("openClose", .bool(true)), ("change", .int(2)), ("save", .bool(false))])),
                ("hoverProvider", .bool(true)),
                ("definitionProvider", .bool(true)),
                ("referencesProvider", .bool(true)),
                ("renameProvider", .object([("prepareProvider", .bool(true))])),
                ("completionProvider", .object([("triggerCharacters", .array([" ", "{", ",", ">", "."].map { .string($0) }))])),
                ("codeActionProvider", .object([("codeActionKinds", .array([.string("quickfix")]))])),
                ("documentFormattingProvider", .bool(true)),
                ("documentRangeFormattingProvider", .bool(true)),
                ("documentSymbolProvider", .bool(true)),
                ("workspaceSymbolProvider", .bool(true)),
                ("codeLensProvider", .object([("resolveProvider", .bool(false))])),
                ("executeCommandProvider", .object([("commands", .array(commands.map { .string($0) }))])),
            ])),
            ("serverInfo", .object([("name", .string("nenrule")), ("version", .string(Version.toolchain))])),
        ])
    }
}

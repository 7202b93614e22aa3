import Foundation

/// `nenrule lsp`: the Language Server Protocol (3.17) over the library. It holds no I/O: the
/// executable feeds it frames as they arrive and writes what it returns, and calls `idle`
/// whenever the input runs dry, which is when a burst of edits is checked — once, however many
/// changes it held. Every request gets a response or an error; nothing a client sends can
/// crash it.
public final class LanguageServer {
    /// JSON-RPC error codes.
    enum ErrorCode: Int {
        case parseError = -32700, invalidRequest = -32600, methodNotFound = -32601, invalidParams = -32602
        case serverNotInitialized = -32002, requestFailed = -32803
    }

    struct ResponseError: Error {
        var code: ErrorCode
        var message: String
    }

    typealias Handler = (LanguageServer, JSONValue?) throws(ResponseError) -> JSONNode

    let workspace: Workspace
    private var initialized = false
    private var shuttingDown = false
    /// Set by the `exit` notification: 0 after `shutdown`, else 1, as the protocol says.
    public private(set) var exitCode: Int32?
    /// Paths of open documents to lint at the next `idle`.
    private var lintPending: Set<String> = []
    /// What was last published, by URI, so that only changes are sent.
    private var published: [String: String] = [:]
    /// Test results and coverage for code lenses, for one compilation generation.
    var lensCache: LensCache?

    public init(roots: [String] = []) {
        workspace = Workspace(roots: roots.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
    }

    // MARK: - Messages

    /// Handles one frame; returns the message bodies to send, in order.
    public func receive(_ frame: MessageFramer.Frame) -> [String] {
        switch frame {
        case .malformed(let reason): return [Self.error(id: .null, .parseError, "malformed frame: \(reason)")]
        case .message(let bytes):
            switch JSONReader.parse(bytes, maxStringBytes: MessageFramer.maxContentBytes) {
            case .failure(let failure): return [Self.error(id: .null, .parseError, "invalid JSON at byte \(failure.offset): \(failure.message)")]
            case .success(let message): return handle(message)
            }
        }
    }

    func handle(_ message: JSONValue) -> [String] {
        guard case .object = message, let method = message["method"]?.string else {
            // A response to a request of ours, or not a message at all.
            if message["id"] != nil, message["result"] != nil || message["error"] != nil { return [] }
            return [Self.error(id: message["id"]?.node ?? .null, .invalidRequest, "not a JSON-RPC request or notification")]
        }
        let params = message["params"]
        guard let id = message["id"] else {
            notify(method, params)
            return []
        }
        do {
            let result = try respond(method, params)
            return [Self.response(id: id.node, result)]
        } catch {
            return [Self.error(id: id.node, error.code, error.message)]
        }
    }

    private func respond(_ method: String, _ params: JSONValue?) throws(ResponseError) -> JSONNode {
        if method == "initialize" { return initialize(params) }
        guard initialized else { throw ResponseError(code: .serverNotInitialized, message: "`initialize` must come first") }
        if method == "shutdown" {
            shuttingDown = true
            return .null
        }
        guard let handler = handler(method) else {
            throw ResponseError(code: .methodNotFound, message: "unsupported method `\(method)`")
        }
        workspace.refresh()
        return try handler(self, params)
    }

    private func notify(_ method: String, _ params: JSONValue?) {
        switch method {
        case "initialized", "$/cancelRequest", "$/setTrace", "workspace/didChangeConfiguration", "textDocument/didSave": break
        case "exit": exitCode = shuttingDown ? 0 : 1
        case "textDocument/didOpen":
            guard let document = params?["textDocument"], let uri = document["uri"]?.string, let text = document["text"]?.string else { return }
            if workspace.roots.isEmpty, let path = FileURI.path(uri) { workspace.roots = [(path as NSString).deletingLastPathComponent] }
            workspace.open(uri: uri, text: Array(text.utf8), version: document["version"]?.int ?? 0)
            if let path = FileURI.path(uri) { lintPending.insert(path) }
        case "textDocument/didChange":
            guard let uri = params?["textDocument"]?["uri"]?.string, let changes = params?["contentChanges"]?.array else { return }
            workspace.change(uri: uri, version: params?["textDocument"]?["version"]?.int ?? 0, changes: changes)
            if let path = FileURI.path(uri) { lintPending.insert(path) }
        case "textDocument/didClose":
            guard let uri = params?["textDocument"]?["uri"]?.string else { return }
            workspace.close(uri: uri)
            if let path = FileURI.path(uri) { workspace.lintFindings[path] = nil }
        case "workspace/didChangeWatchedFiles":
            workspace.invalidate()
            lintPending.formUnion(workspace.openPaths)
        default: break
        }
    }

    private func initialize(_ params: JSONValue?) -> JSONNode {
        initialized = true
        var roots: [String] = params?["workspaceFolders"]?.array?.compactMap { $0["uri"]?.string.flatMap(FileURI.path) } ?? []
        if roots.isEmpty, let root = params?["rootUri"]?.string.flatMap(FileURI.path) { roots = [root] }
        if roots.isEmpty, let root = params?["rootPath"]?.string { roots = [root] }
        if workspace.roots.isEmpty { workspace.roots = roots }
        workspace.invalidate()
        return Capabilities.initializeResult
    }

    // MARK: - Idle work

    /// Checks what changed since the last call, lints the open documents that changed, and
    /// returns the diagnostics notifications that differ from what was published.
    public func idle() -> [String] {
        guard initialized, exitCode == nil else { return [] }
        let recompiled = workspace.refresh()
        guard recompiled || !lintPending.isEmpty else { return [] }
        let changed = lintPending
        lintOpenDocuments(recompiled ? workspace.openPaths : lintPending)
        lintPending = []
        return publishDiagnostics(always: Set(changed.intersection(workspace.openPaths).map(FileURI.uri)))
    }

    /// Lints open documents: all of them after a recompilation (a fact edited in one file
    /// changes the findings in the files that read it), else those that asked.
    private func lintOpenDocuments(_ wanted: Set<String>) {
        let paths = wanted.intersection(workspace.openPaths)
        let files = paths.compactMap { workspace.fileIndex($0) }
        guard !files.isEmpty else { return }
        var options = Linter.Options()
        options.files = Set(files)
        let findings = Linter.lint(workspace.compilation, options: options)
        for file in files {
            guard let path = workspace.path(of: file) else { continue }
            workspace.lintFindings[path] = findings.filter { $0.span.file == file }
        }
    }

    /// One `publishDiagnostics` per file whose diagnostics changed, and for each document just
    /// opened or changed: the checker's findings for every file, the linter's (which include
    /// the checker's) for the open documents.
    private func publishDiagnostics(always: Set<String>) -> [String] {
        var byPath: [String: [Diagnostic]] = [:]
        for diagnostic in workspace.compilation.diagnostics {
            let path = workspace.path(of: diagnostic.span.file)
            if let path { byPath[path, default: []].append(diagnostic) }
            // A document that could not be read (too large) is the subject: it says so too,
            // at its start, besides the import that named it.
            if let subject = diagnostic.subject.flatMap(workspace.openPath), subject != path {
                var copy = diagnostic
                copy.span = .none
                byPath[subject, default: []].append(copy)
            }
        }
        for (path, findings) in workspace.lintFindings where workspace.openPaths.contains(path) { byPath[path] = findings }
        var messages: [String] = []
        let uris = Set(byPath.keys.map(FileURI.uri)).union(published.keys).union(always)
        for uri in uris.sorted() {
            let path = FileURI.path(uri) ?? ""
            let diagnostics = (byPath[path] ?? []).sortedForOutput().compactMap { DiagnosticMapping.lsp($0, workspace) }
            let body = JSONNode.array(diagnostics).render(pretty: false)
            guard (published[uri] ?? "[]") != body || always.contains(uri) else { continue }
            published[uri] = diagnostics.isEmpty ? nil : body
            var params: [(String, JSONNode)] = [("uri", .string(uri)), ("diagnostics", .array(diagnostics))]
            if let version = workspace.document(uri)?.version { params.append(("version", .int(version))) }
            messages.append(Self.notification("textDocument/publishDiagnostics", .object(params)))
        }
        return messages
    }

    // MARK: - JSON-RPC bodies

    static func response(id: JSONNode, _ result: JSONNode) -> String {
        JSONNode.object([("jsonrpc", .string("2.0")), ("id", id), ("result", result)]).render(pretty: false)
    }

    static func error(id: JSONNode, _ code: ErrorCode, _ message: String) -> String {
        JSONNode.object([("jsonrpc", .string("2.0")), ("id", id),
                         ("error", .object([("code", .int(code.rawValue)), ("message", .string(message))]))]).render(pretty: false)
    }

    static func notification(_ method: String, _ params: JSONNode) -> String {
        JSONNode.object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)]).render(pretty: false)
    }

    /// The handler of a request served after `initialize`.
    func handler(_ method: String) -> Handler? {
        switch method {
        case "textDocument/hover": { server, params throws(ResponseError) in try server.hover(params) }
        case "textDocument/definition": { server, params throws(ResponseError) in try server.definition(params) }
        case "textDocument/references": { server, params throws(ResponseError) in try server.references(params) }
        case "textDocument/prepareRename": { server, params throws(ResponseError) in try server.prepareRename(params) }
        case "textDocument/rename": { server, params throws(ResponseError) in try server.rename(params) }
        case "textDocument/completion": { server, params throws(ResponseError) in try server.completion(params) }
        case "textDocument/codeAction": { server, params throws(ResponseError) in try server.codeActions(params) }
        case "textDocument/formatting": { server, params throws(ResponseError) in try server.formatting(params, range: false) }
        case "textDocument/rangeFormatting": { server, params throws(ResponseError) in try server.formatting(params, range: true) }
        case "textDocument/documentSymbol": { server, params throws(ResponseError) in try server.documentSymbols(params) }
        case "workspace/symbol": { server, params throws(ResponseError) in server.workspaceSymbols(params) }
        case "textDocument/codeLens": { server, params throws(ResponseError) in try server.codeLenses(params) }
        case "workspace/executeCommand": { server, params throws(ResponseError) in try server.executeCommand(params) }
        default: nil
        }
    }
}

extension Workspace {
    /// The open document at a path as a diagnostic's subject names it, if any.
    func openPath(_ subject: String) -> String? {
        let path = URL(fileURLWithPath: subject).standardizedFileURL.path
        return openPaths.contains(path) ? path : nil
    }

    var openPaths: Set<String> { Set(documents.values.map(\.path)) }
    var openURIs: Set<String> { Set(documents.keys) }
}

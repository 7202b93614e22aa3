import Foundation

/// The rule set an editor works on: its roots, the open documents (whose text wins over the
/// disk's), and the latest compilation of the whole with the index of its names. A change
/// marks it stale; `refresh` compiles again, re-parsing only the files whose text changed.
final class Workspace {
    struct Document {
        var uri: String
        var path: String
        var text: [UInt8]
        var version: Int
    }

    var roots: [String]
    private(set) var documents: [String: Document] = [:]
    private(set) var compilation = Compilation()
    private(set) var index = SymbolIndex([])
    /// Lint findings by file path, from the last lint of that file.
    var lintFindings: [String: [Diagnostic]] = [:]
    private(set) var generation = 0
    private var stale = true
    private let cache = ParseCache()

    init(roots: [String]) { self.roots = roots }

    // MARK: - Documents

    func open(uri: String, text: [UInt8], version: Int) {
        guard let path = FileURI.path(uri) else { return }
        documents[uri] = Document(uri: uri, path: path, text: text, version: version)
        stale = true
    }

    func close(uri: String) {
        documents[uri] = nil
        stale = true
    }

    /// Applies a `didChange`'s content changes in order: whole-text ones, and ranged ones whose
    /// positions are clamped to the text.
    func change(uri: String, version: Int, changes: [JSONValue]) {
        guard var document = documents[uri] else { return }
        for change in changes {
            guard let text = change["text"]?.string else { continue }
            if let range = change["range"] {
                let lines = LineIndex(document.text)
                let start = Self.offset(range["start"], in: lines), end = max(start, Self.offset(range["end"], in: lines))
                document.text.replaceSubrange(start..<end, with: Array(text.utf8))
            } else {
                document.text = Array(text.utf8)
            }
        }
        document.version = version
        documents[uri] = document
        stale = true
    }

    static func offset(_ position: JSONValue?, in lines: LineIndex) -> Int {
        lines.offset(line: position?["line"]?.int ?? 0, character: position?["character"]?.int ?? 0)
    }

    func document(_ uri: String) -> Document? { documents[uri] }

    /// Something on disk changed (a rule file or a patient record).
    func invalidate() { stale = true }

    // MARK: - Compilation

    /// Compiles again if anything changed since; true when it did.
    @discardableResult
    func refresh() -> Bool {
        guard stale else { return false }
        stale = false
        var overlay: [String: [UInt8]] = [:]
        for document in documents.values { overlay[document.path] = document.text }
        let existing = roots.filter { FileManager.default.fileExists(atPath: $0) }
        compilation = existing.isEmpty ? Frontend.compile(documents.values.sorted { $0.path < $1.path }.map { SourceFile(path: $0.path, bytes: $0.text) })
            : Frontend.load(paths: existing, overlay: overlay, cache: cache)
        index = SymbolIndex(compilation.files)
        paths = compilation.sources.files.map { URL(fileURLWithPath: $0.path).standardizedFileURL.path }
        fileIndices = Dictionary(paths.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        generation += 1
        return true
    }

    /// Each file's absolute path, by file index, and back.
    private var paths: [String] = []
    private var fileIndices: [String: Int] = [:]

    /// The file index of a path in the current compilation.
    func fileIndex(_ path: String) -> Int? { fileIndices[path] }

    func path(of file: Int) -> String? { paths.indices.contains(file) ? paths[file] : nil }

    func uri(of file: Int) -> String? { path(of: file).map(FileURI.uri) }

    /// The current text of a file of the compilation.
    func source(_ file: Int) -> SourceFile? { compilation.sources[file] }

    /// Positions of a span as an LSP range.
    func range(_ span: Span) -> JSONNode? {
        guard let source = source(span.file) else { return nil }
        let lines = LineIndex(source.bytes)
        return Self.range(lines, span.start, span.end)
    }

    static func range(_ lines: LineIndex, _ start: Int, _ end: Int) -> JSONNode {
        .object([("start", position(lines.position(of: start))), ("end", position(lines.position(of: end)))])
    }

    static func position(_ position: (line: Int, character: Int)) -> JSONNode {
        .object([("line", .int(position.line)), ("character", .int(position.character))])
    }

    func location(_ span: Span) -> JSONNode? {
        guard let uri = uri(of: span.file), let range = range(span) else { return nil }
        return .object([("uri", .string(uri)), ("range", range)])
    }

    /// The file and byte offset a request's `textDocument` and `position` point at.
    func target(_ params: JSONValue?) -> (file: Int, offset: Int, source: SourceFile)? {
        guard let uri = params?["textDocument"]?["uri"]?.string, let path = FileURI.path(uri),
              let file = fileIndex(path), let source = source(file) else { return nil }
        return (file, Self.offset(params?["position"], in: LineIndex(source.bytes)), source)
    }
}

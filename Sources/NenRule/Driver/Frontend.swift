import Foundation

/// The result of running the pipeline over a rule set: every phase's output that succeeded and
/// every diagnostic found. `graph` is nil when there were errors.
public struct Compilation: Sendable {
    public var sources = SourceSet()
    public var files: [FileAST] = []
    public var model: CheckedModel?
    public var graph: DecisionGraph?
    public var diagnostics: [Diagnostic] = []

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Runs lexer → parser → checker → compiler. The only file access in the library is here, on
/// paths the caller names; everything after loading works on values.
public enum Frontend {
    /// Largest rule file read, in bytes.
    public static let maxFileBytes = 4 << 20

    /// Compiles in-memory sources (tests, fuzzing, stdin).
    public static func compile(_ files: [SourceFile]) -> Compilation {
        var compilation = Compilation()
        for file in files { parse(file, root: nil, into: &compilation) }
        return check(compilation)
    }

    /// Loads `path` (a `.nenrule` file or a directory searched recursively), follows imports
    /// inside the rule-set root, and compiles.
    public static func load(path: String) -> Compilation { load(paths: [path]) }

    /// Composes one rule set from several roots (`nenrule check Guidelines local/`): a local
    /// module uses the bundled guideline's facts, outcomes and decisions without copying them,
    /// ids stay unique across the whole, and imports resolve inside any of the roots. The first
    /// root's `guideline` header names the rule set; a later root's header names only its module.
    public static func load(paths: [String]) -> Compilation { load(paths: paths, overlay: [:], cache: nil) }

    /// `load(paths:)` as an editor sees the rule set: `overlay` holds the text of open
    /// documents by absolute path, read instead of the file on disk, and `cache` keeps each
    /// file's parse so that a change re-parses only the file that changed.
    public static func load(paths: [String], overlay: [String: [UInt8]], cache: ParseCache?) -> Compilation {
        var compilation = Compilation()
        var loader = Loader(roots: paths.map(rootDirectory(of:)))
        loader.overlay = overlay
        loader.cache = cache
        for (position, path) in paths.enumerated() {
            let first = compilation.files.count
            for file in loader.initialFiles(path, &compilation.diagnostics) {
                loader.visit(file, importedAt: .none, into: &compilation)
            }
            if position > 0 { dropModuleHeaders(&compilation.files[first...]) }
        }
        return check(compilation)
    }

    /// A later root's `guideline` header: its module's own name, not a second rule-set name.
    static func dropModuleHeaders(_ files: inout ArraySlice<FileAST>) {
        for index in files.indices {
            files[index].items.removeAll { if case .guideline = $0 { true } else { false } }
        }
    }

    /// Parses one file and reads the patient records its tests name (from under `root`; none
    /// for in-memory sources).
    static func parse(_ source: SourceFile, root: String?, into compilation: inout Compilation, cache: ParseCache? = nil) {
        let index = compilation.sources.add(source)
        if let (ast, diagnostics) = cache?.parse(of: source, file: index) {
            compilation.files.append(ast)
            compilation.diagnostics += diagnostics
            return
        }
        var (ast, diagnostics) = Parser.parse(source, file: index)
        PatientRecords.resolve(&ast, path: source.path, root: root, &diagnostics)
        cache?.store(source, file: index, ast, diagnostics)
        compilation.files.append(ast)
        compilation.diagnostics += diagnostics
    }

    /// The same rule set without the files that have errors, checked again from their parsed
    /// trees: what can still run when one file is broken (`nenrule test` runs its tests).
    /// Nil when no file has errors, or when nothing is left.
    public static func withoutBrokenFiles(_ compilation: Compilation) -> (compilation: Compilation, skipped: [String])? {
        let errors = compilation.diagnostics.filter { $0.severity == .error }
        let broken = Set(errors.map(\.span.file))
        guard !errors.contains(where: { $0.span == .none }), !broken.isEmpty, broken.count < compilation.files.count else { return nil }
        var remaining = Compilation()
        remaining.sources = compilation.sources
        remaining.files = compilation.files.filter { !broken.contains($0.file) }
        let checked = check(remaining)
        return checked.hasErrors ? nil : (checked, broken.sorted().map { compilation.sources.files[$0].path })
    }

    static func check(_ input: Compilation) -> Compilation {
        var compilation = input
        let (model, diagnostics) = Checker.check(compilation.files)
        compilation.model = model
        compilation.diagnostics += diagnostics
        if !compilation.hasErrors { compilation.graph = Compiler.compile(model) }
        return compilation
    }

    static func rootDirectory(of path: String) -> String {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        let url = URL(fileURLWithPath: path).standardizedFileURL
        return (exists && isDirectory.boolValue ? url : url.deletingLastPathComponent()).path
    }
}

/// Walks files and imports, loading each once and refusing paths outside the roots.
struct Loader {
    let roots: [String]
    var loaded: Set<String> = []
    /// Texts read instead of the files on disk, by absolute path (an editor's open documents).
    var overlay: [String: [UInt8]] = [:]
    var cache: ParseCache?

    init(roots: [String]) { self.roots = roots }
    init(root: String) { self.init(roots: [root]) }

    /// The root that holds `path` (standardized, symlinks resolved), if any.
    func root(holding path: String) -> String? {
        roots.first { root in
            let rootPath = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
            return path.hasPrefix(rootPath.hasSuffix("/") ? rootPath : rootPath + "/")
        }
    }

    func initialFiles(_ path: String, _ diagnostics: inout [Diagnostic]) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            diagnostics.append(Diagnostic(.error, "io", "no such file or directory `\(path)`", subject: path))
            return []
        }
        guard isDirectory.boolValue else { return [path] }
        let enumerator = FileManager.default.enumerator(atPath: path)
        var files: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            if relative.hasSuffix(".nenrule") { files.append((path as NSString).appendingPathComponent(relative)) }
        }
        if files.isEmpty {
            diagnostics.append(Diagnostic(.warning, "empty-ruleset", "no `.nenrule` files under `\(path)`", subject: path))
        }
        return files.sorted()
    }

    mutating func visit(_ path: String, importedAt span: Span, into compilation: inout Compilation) {
        let canonical = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        guard loaded.insert(canonical).inserted else { return }
        guard let bytes = read(path, span, &compilation.diagnostics) else { return }
        let index = compilation.sources.files.count
        let canonicalRoot = root(holding: canonical) ?? roots[0]
        Frontend.parse(SourceFile(path: path, bytes: bytes), root: canonicalRoot, into: &compilation, cache: cache)
        for case .importFile(let target, let importSpan) in compilation.files[index].items {
            let resolved = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(target.value)
            let standardized = URL(fileURLWithPath: resolved).standardizedFileURL.resolvingSymlinksInPath().path
            // An absolute path would be joined onto this directory and so look inside the root;
            // the grammar allows only paths relative to the file, so it is refused as leaving it.
            guard !target.value.hasPrefix("/"), root(holding: standardized) != nil else {
                compilation.diagnostics.append(Diagnostic(.error, "import-outside-root", "import `\(target.value)` leaves the rule-set root",
                                                          at: importSpan, help: "imports resolve only inside \(roots.map { "`\($0)`" }.joined(separator: ", ")); to use another rule set, name it on the command line too (`nenrule check Guidelines local/`)"))
                continue
            }
            visit(resolved, importedAt: target.span, into: &compilation)
        }
    }

    func read(_ path: String, _ span: Span, _ diagnostics: inout [Diagnostic]) -> [UInt8]? {
        if !overlay.isEmpty, let text = overlay[URL(fileURLWithPath: path).standardizedFileURL.path] {
            guard text.count <= Frontend.maxFileBytes else {
                diagnostics.append(Diagnostic(.error, "file-too-large", "`\(path)` is larger than \(Frontend.maxFileBytes >> 20) MiB", at: span, subject: path))
                return nil
            }
            return text
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            diagnostics.append(Diagnostic(.error, "io", "cannot read `\(path)`", at: span, subject: span == .none ? path : nil))
            return nil
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: Frontend.maxFileBytes + 1)) ?? Data()
        if data.count > Frontend.maxFileBytes {
            diagnostics.append(Diagnostic(.error, "file-too-large", "`\(path)` is larger than \(Frontend.maxFileBytes >> 20) MiB", at: span, subject: path))
            return nil
        }
        return [UInt8](data)
    }
}

/// Parsed files kept across compilations, by position and text: what an editor's edit leaves
/// unchanged is not parsed again. A patient record a test names is read when its file is
/// parsed, so an edited record is seen once the test's file changes.
public final class ParseCache: @unchecked Sendable {
    struct Entry {
        var path: String
        var bytes: [UInt8]
        var ast: FileAST
        var diagnostics: [Diagnostic]
    }

    private var entries: [Int: Entry] = [:]

    public init() {}

    func parse(of source: SourceFile, file: Int) -> (FileAST, [Diagnostic])? {
        guard let entry = entries[file], entry.path == source.path, entry.bytes == source.bytes else { return nil }
        return (entry.ast, entry.diagnostics)
    }

    func store(_ source: SourceFile, file: Int, _ ast: FileAST, _ diagnostics: [Diagnostic]) {
        entries[file] = Entry(path: source.path, bytes: source.bytes, ast: ast, diagnostics: diagnostics)
    }
}

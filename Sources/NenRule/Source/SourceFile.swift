/// One source text with a precomputed line table, so spans turn into line and column cheaply.
public struct SourceFile: Sendable {
    /// The path as the caller named it; diagnostics print it verbatim.
    public let path: String
    /// The raw bytes; the lexer works on bytes so that invalid UTF-8 is a diagnostic, not a trap.
    public let bytes: [UInt8]
    /// Byte offset at which each line starts.
    let lineStarts: [Int]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// 1-based line and column (column counts Unicode scalars, as editors do) of a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let clamped = max(0, min(offset, bytes.count))
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        let start = lineStarts[low]
        var column = 1
        var index = start
        while index < clamped {
            // Continuation bytes (10xxxxxx) do not start a new column.
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        if index > start, clamped < bytes.count, bytes[clamped] & 0xC0 == 0x80 { column -= 1 }
        return (low + 1, column)
    }

    /// The text of a 1-based line without its line break; invalid UTF-8 is shown as U+FFFD.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The text covered by a byte range.
    public func text(_ range: Range<Int>) -> String {
        let lower = max(0, min(range.lowerBound, bytes.count))
        let upper = max(lower, min(range.upperBound, bytes.count))
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }
}

/// A byte range in one source file. Files are numbered by the `SourceSet` that owns them.
public struct Span: Hashable, Sendable {
    public var file: Int
    public var start: Int
    public var end: Int

    public init(file: Int, start: Int, end: Int) {
        self.file = file
        self.start = start
        self.end = end
    }

    /// A span that points at nothing in particular (facts files, command-line input).
    public static let none = Span(file: -1, start: 0, end: 0)

    /// The smallest span covering both.
    public func merged(with other: Span) -> Span {
        guard file == other.file else { return self }
        return Span(file: file, start: min(start, other.start), end: max(end, other.end))
    }
}

/// The files of one rule set, addressed by index from spans.
public struct SourceSet: Sendable {
    public private(set) var files: [SourceFile] = []

    public init() {}

    /// Adds a file and returns its index for spans.
    public mutating func add(_ file: SourceFile) -> Int {
        files.append(file)
        return files.count - 1
    }

    public subscript(index: Int) -> SourceFile? {
        files.indices.contains(index) ? files[index] : nil
    }
}

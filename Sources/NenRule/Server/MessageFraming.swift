/// The LSP base protocol: each message is `Content-Length: N` (other header fields allowed),
/// a blank line, and N bytes of JSON. The framer takes bytes as they arrive and hands out
/// whole frames; a header block without a usable length is reported once and skipped, so
/// garbage on the wire costs one error response, never a hang or a crash.
public struct MessageFramer: Sendable {
    public enum Frame: Equatable, Sendable {
        case message([UInt8])
        /// Bytes that were not a frame, and why; they are dropped.
        case malformed(String)
    }

    /// A header block longer than this without its blank line is not a header.
    public static let maxHeaderBytes = 8_192
    /// Largest message body accepted (a 10 MB document arrives as one `didOpen`).
    public static let maxContentBytes = 256 << 20

    private var buffer: [UInt8] = []
    private var start = 0

    public init() {}

    public mutating func append(_ bytes: [UInt8]) {
        // Drop what was consumed once it outweighs what is left, so memory stays flat.
        if start > 65_536, start * 2 > buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
        buffer += bytes
    }

    /// The next whole frame, or nil until more bytes arrive.
    public mutating func next() -> Frame? {
        guard let end = headerEnd() else {
            guard buffer.count - start > Self.maxHeaderBytes else { return nil }
            start = buffer.count
            return .malformed("more than \(Self.maxHeaderBytes) bytes without the blank line that ends a header")
        }
        let header = String(decoding: buffer[start..<end], as: UTF8.self)
        guard let length = Self.contentLength(header) else {
            start = end + 4
            return .malformed("a header without a valid `Content-Length`")
        }
        guard length <= Self.maxContentBytes else {
            start = end + 4
            return .malformed("a body of \(length) bytes, more than the \(Self.maxContentBytes >> 20) MiB accepted")
        }
        guard buffer.count - (end + 4) >= length else { return nil }
        let body = Array(buffer[(end + 4)..<(end + 4 + length)])
        start = end + 4 + length
        return .message(body)
    }

    /// The offset of the `\r\n\r\n` that ends the header at `start`.
    private func headerEnd() -> Int? {
        var index = start
        while index + 3 < buffer.count {
            if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 { return index }
            index += 1
        }
        return nil
    }

    static func contentLength(_ header: String) -> Int? {
        for line in header.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingSpaces.lowercased() == "content-length" else { continue }
            let digits = parts[1].trimmingSpaces
            guard !digits.isEmpty, digits.count <= 10, digits.allSatisfy(\.isASCIIDigit), let length = Int(digits) else { return nil }
            return length
        }
        return nil
    }

    /// `body` as one frame on the wire.
    public static func frame(_ body: String) -> [UInt8] {
        let bytes = Array(body.utf8)
        return Array("Content-Length: \(bytes.count)\r\n\r\n".utf8) + bytes
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

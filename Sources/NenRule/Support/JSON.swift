/// A JSON value as read from facts and cases. Numbers keep their source text so they can be
/// converted exactly (`Exact`) rather than through binary floating point.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in source order; duplicate keys are reported by the reader.
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    /// A short description of the kind, for diagnostics.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A strict RFC 8259 reader over bytes, with limits on nesting and size so hostile input is a
/// diagnostic, never a crash or a hang.
public struct JSONReader {
    public struct Failure: Error, Equatable, Sendable {
        public var message: String
        public var offset: Int
    }

    public static let maxDepth = 64
    public static let maxStringBytes = 1 << 20

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0
    private let stringLimit: Int

    private init(_ bytes: [UInt8], stringLimit: Int) {
        self.bytes = bytes
        self.stringLimit = stringLimit
    }

    /// Reads exactly one JSON value (surrounding white space allowed); strings longer than
    /// `maxStringBytes` are refused (a language server takes whole documents as strings).
    public static func parse(_ bytes: [UInt8], maxStringBytes: Int = JSONReader.maxStringBytes) -> Result<JSONValue, Failure> {
        var reader = JSONReader(bytes, stringLimit: maxStringBytes)
        do {
            reader.skipSpace()
            let value = try reader.readValue()
            reader.skipSpace()
            if reader.index < bytes.count { throw reader.fail("unexpected text after the JSON value") }
            return .success(value)
        } catch let failure as Failure {
            return .failure(failure)
        } catch {
            return .failure(Failure(message: "unreadable JSON", offset: 0))
        }
    }

    public static func parse(_ text: String) -> Result<JSONValue, Failure> { parse(Array(text.utf8)) }

    private func fail(_ message: String) -> Failure { Failure(message: message, offset: index) }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func readValue() throws -> JSONValue {
        guard index < bytes.count else { throw fail(bytes.isEmpty ? "empty input" : "unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try readObject()
        case UInt8(ascii: "["): return try readArray()
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try readNumber())
        default: throw fail("unexpected character in JSON")
        }
    }

    private mutating func expectWord(_ word: String) throws {
        for byte in word.utf8 {
            guard index < bytes.count, bytes[index] == byte else { throw fail("invalid literal, expected `\(word)`") }
            index += 1
        }
    }

    private mutating func enter() throws {
        depth += 1
        if depth > JSONReader.maxDepth { throw fail("JSON nested deeper than \(JSONReader.maxDepth) levels") }
    }

    private mutating func readObject() throws -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [(key: String, value: JSONValue)] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a member name in quotes") }
            let key = try readString()
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected `:` after member name") }
            index += 1
            skipSpace()
            members.append((key, try readValue()))
            skipSpace()
            guard index < bytes.count else { throw fail("unexpected end of input in object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            throw fail("expected `,` or `}` in object")
        }
    }

    private mutating func readArray() throws -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var elements: [JSONValue] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
        while true {
            skipSpace()
            elements.append(try readValue())
            skipSpace()
            guard index < bytes.count else { throw fail("unexpected end of input in array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
            throw fail("expected `,` or `]` in array")
        }
    }

    private mutating func readNumber() throws -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
        guard index > digitsStart else { throw fail("invalid number") }
        if bytes[digitsStart] == 48, index - digitsStart > 1 { throw fail("invalid number: leading zero") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
            guard index > fractionStart else { throw fail("invalid number: no digits after `.`") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let exponentStart = index
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
            guard index > exponentStart else { throw fail("invalid number: no digits in exponent") }
        }
        if index - start > 400 { throw fail("number literal too long") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func readString() throws -> String {
        index += 1
        var scalars: [UInt8] = []
        while true {
            guard index < bytes.count else { throw fail("unterminated string") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { index += 1; break }
            if byte < 0x20 { throw fail("control character in string") }
            if byte == UInt8(ascii: "\\") {
                try readEscape(into: &scalars)
                continue
            }
            scalars.append(byte)
            index += 1
            if scalars.count > stringLimit { throw fail("string longer than \(stringLimit >> 20) MiB") }
        }
        guard let text = String(validating: scalars, as: UTF8.self) else { throw fail("string is not valid UTF-8") }
        return text
    }

    private mutating func readEscape(into output: inout [UInt8]) throws {
        index += 1
        guard index < bytes.count else { throw fail("unterminated escape") }
        let code = bytes[index]
        index += 1
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F, UInt8(ascii: "b"): 0x08,
            UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
        ]
        if let byte = simple[code] { output.append(byte); return }
        guard code == UInt8(ascii: "u") else { throw fail("invalid escape") }
        var scalar = try readHex4()
        if (0xD800..<0xDC00).contains(scalar) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw fail("unpaired surrogate in string")
            }
            index += 2
            let low = try readHex4()
            guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate in string") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw fail("invalid unicode escape") }
        output.append(contentsOf: Array(String(Character(unicode)).utf8))
    }

    private mutating func readHex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("truncated unicode escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 48...57: digit = UInt32(byte - 48)
            case 65...70: digit = UInt32(byte - 55)
            case 97...102: digit = UInt32(byte - 87)
            default: throw fail("invalid unicode escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}

/// JSON text helpers shared by every renderer.
public enum JSONWriter {
    /// A JSON string literal for `value`.
    public static func quote(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// A JSON document under construction, keys in the order written so output is deterministic
/// without sorting dictionaries; rendered compact (one line) or pretty (2-space indent).
public indirect enum JSONNode: Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONNode])
    case object([(String, JSONNode)])

    public func render(pretty: Bool) -> String {
        var out = ""
        write(into: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(into out: inout String, pretty: Bool, indent: Int) {
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let closePad = pretty ? String(repeating: "  ", count: indent) : ""
        let newline = pretty ? "\n" : ""
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let text): out += text
        case .string(let text): out += JSONWriter.quote(text)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[" + newline
            for (i, item) in items.enumerated() {
                out += pad
                item.write(into: &out, pretty: pretty, indent: indent + 1)
                out += (i + 1 < items.count ? "," : "") + newline
            }
            out += closePad + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{" + newline
            for (i, (key, value)) in members.enumerated() {
                out += pad + JSONWriter.quote(key) + (pretty ? ": " : ":")
                value.write(into: &out, pretty: pretty, indent: indent + 1)
                out += (i + 1 < members.count ? "," : "") + newline
            }
            out += closePad + "}"
        }
    }
}

extension JSONNode {
    /// A whole number.
    static func int(_ value: Int) -> JSONNode { .number(String(value)) }
}

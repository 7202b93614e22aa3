/// Turns the bytes of one file into tokens and comments. Never fails: bad bytes become
/// `invalid` tokens plus a diagnostic, and limits turn pathological input into diagnostics.
public struct Lexer {
    /// Longest identifier or string accepted, in bytes.
    public static let maxTokenBytes = 4096

    public struct Output: Sendable {
        public var tokens: [Token]
        public var comments: [Comment]
        public var diagnostics: [Diagnostic]
    }

    private let bytes: [UInt8]
    private let file: Int
    private var index = 0
    private var tokens: [Token] = []
    private var comments: [Comment] = []
    private var diagnostics: [Diagnostic] = []
    /// Whether a token has been seen on the current line (to mark trailing comments).
    private var codeOnLine = false

    public static func tokenize(_ source: SourceFile, file: Int) -> Output {
        var lexer = Lexer(bytes: source.bytes, file: file)
        lexer.run()
        return Output(tokens: lexer.tokens, comments: lexer.comments, diagnostics: lexer.diagnostics)
    }

    private init(bytes: [UInt8], file: Int) {
        self.bytes = bytes
        self.file = file
    }

    private func span(_ start: Int) -> Span { Span(file: file, start: start, end: index) }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        index + ahead < bytes.count ? bytes[index + ahead] : nil
    }

    private mutating func emit(_ kind: TokenKind, from start: Int, text: String? = nil) {
        let tokenText = text ?? String(decoding: bytes[start..<index], as: UTF8.self)
        tokens.append(Token(kind: kind, text: tokenText, span: span(start), startsLine: !codeOnLine))
        codeOnLine = true
    }

    private mutating func run() {
        while let byte = peek() {
            let start = index
            switch byte {
            case 0x0A: index += 1; codeOnLine = false
            case 0x20, 0x09, 0x0D: index += 1
            case UInt8(ascii: "#"): lexComment()
            case UInt8(ascii: "\""): lexString()
            case UInt8(ascii: "0")...UInt8(ascii: "9"): lexNumber()
            case _ where isIdentifierStart(byte): lexIdentifier()
            case 0x80...: lexNonASCII(start)
            default: lexPunctuation(byte, start)
            }
        }
        tokens.append(Token(kind: .endOfFile, text: "", span: Span(file: file, start: bytes.count, end: bytes.count)))
    }

    private func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || byte == 95
    }

    private func isIdentifierPart(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || (byte >= 48 && byte <= 57)
    }

    private mutating func lexComment() {
        let start = index
        while let byte = peek(), byte != 0x0A { index += 1 }
        var end = index
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        let text = String(decoding: bytes[(start + 1)..<end], as: UTF8.self)
        if String(validating: bytes[(start + 1)..<end], as: UTF8.self) == nil {
            diagnostics.append(.error("invalid-utf8", "comment is not valid UTF-8", at: span(start)))
        }
        comments.append(Comment(text: text, span: Span(file: file, start: start, end: end), trailing: codeOnLine))
    }

    private mutating func lexIdentifier() {
        let start = index
        while let byte = peek(), isIdentifierPart(byte) { index += 1 }
        // A unit of a ratio (`mmol/L`) is one word: one `/` joins two identifier parts.
        if peek() == UInt8(ascii: "/"), let next = peek(1), isIdentifierStart(next) {
            index += 1
            while let byte = peek(), isIdentifierPart(byte) { index += 1 }
        }
        if index - start > Lexer.maxTokenBytes {
            diagnostics.append(.error("token-too-long", "identifier longer than \(Lexer.maxTokenBytes) bytes", at: span(start)))
            emit(.invalid, from: start)
            return
        }
        emit(.identifier, from: start)
    }

    private mutating func lexNumber() {
        let start = index
        while let byte = peek(), byte >= 48 && byte <= 57 { index += 1 }
        // A dot followed by a digit continues the number; `...` does not.
        if peek() == UInt8(ascii: "."), let next = peek(1), next >= 48 && next <= 57 {
            index += 1
            while let byte = peek(), byte >= 48 && byte <= 57 { index += 1 }
        }
        if index - start > Exact.maxDigits + 1 {
            diagnostics.append(Diagnostic(
                .error, "number-too-long", "number has more than \(Exact.maxDigits) digits", at: span(start),
                help: "numbers hold at most \(Exact.maxDigits) digits and \(Exact.fractionDigits) decimal places"))
            emit(.invalid, from: start)
            return
        }
        emit(.number, from: start)
    }

    private mutating func lexString() {
        let start = index
        index += 1
        var value: [UInt8] = []
        while true {
            guard let byte = peek(), byte != 0x0A else {
                diagnostics.append(.error("unterminated-string", "string is not closed before the end of the line", at: span(start), help: "add a closing `\"`"))
                emit(.string, from: start, text: String(decoding: value, as: UTF8.self))
                return
            }
            index += 1
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\"), let escaped = peek() {
                index += 1
                switch escaped {
                case UInt8(ascii: "n"): value.append(0x0A)
                case UInt8(ascii: "t"): value.append(0x09)
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): value.append(escaped)
                default:
                    diagnostics.append(.error("invalid-escape", "unknown escape `\\\(String(UnicodeScalar(escaped)))` in string", at: Span(file: file, start: index - 2, end: index)))
                }
                continue
            }
            value.append(byte)
        }
        if value.count > Lexer.maxTokenBytes {
            diagnostics.append(.error("token-too-long", "string longer than \(Lexer.maxTokenBytes) bytes", at: span(start)))
        }
        if String(validating: value, as: UTF8.self) == nil {
            diagnostics.append(.error("invalid-utf8", "string is not valid UTF-8", at: span(start)))
        }
        emit(.string, from: start, text: String(decoding: value, as: UTF8.self))
    }

    /// Non-ASCII outside strings and comments: `²` and `≤` are common slips from the guideline's
    /// text, so say what to write instead.
    private mutating func lexNonASCII(_ start: Int) {
        index += 1
        while let byte = peek(), byte & 0xC0 == 0x80 { index += 1 }
        guard let scalarText = String(validating: bytes[start..<index], as: UTF8.self) else {
            diagnostics.append(.error("invalid-utf8", "invalid UTF-8 byte sequence", at: span(start)))
            emit(.invalid, from: start)
            return
        }
        // Look-alikes of operators are diagnosed and then read as the operator they resemble,
        // so one slip gives one diagnostic rather than a cascade of syntax errors.
        let replacements: [String: (String, TokenKind)] = [
            "≤": ("<=", .lessEqual), "≥": (">=", .greaterEqual), "≠": ("!=", .notEqual), "～": ("...", .ellipsis),
            "％": ("%", .percent), "，": (",", .comma), "＜": ("<", .less), "＞": (">", .greater),
        ]
        let replacement = replacements[scalarText]
        diagnostics.append(Diagnostic(.error, "unexpected-character", "unexpected character `\(scalarText)`", at: span(start),
                                      help: replacement.map { "write `\($0.0)` instead" }))
        emit(replacement?.1 ?? .invalid, from: start)
    }

    private mutating func lexPunctuation(_ byte: UInt8, _ start: Int) {
        index += 1
        let next = peek()
        let kind: TokenKind
        switch byte {
        case UInt8(ascii: "{"): kind = .leftBrace
        case UInt8(ascii: "}"): kind = .rightBrace
        case UInt8(ascii: "("): kind = .leftParen
        case UInt8(ascii: ")"): kind = .rightParen
        case UInt8(ascii: ","): kind = .comma
        case UInt8(ascii: ":"): kind = .colon
        case UInt8(ascii: "|"): kind = .pipe
        case UInt8(ascii: "-"): kind = .minus
        case UInt8(ascii: "%"): kind = .percent
        case UInt8(ascii: "."):
            if next == UInt8(ascii: "."), peek(1) == UInt8(ascii: ".") { index += 2; kind = .ellipsis } else { kind = .dot }
        case UInt8(ascii: "="):
            if next == UInt8(ascii: "=") { index += 1; kind = .equal }
            else if next == UInt8(ascii: ">") { index += 1; kind = .arrow }
            else { kind = .assign }
        case UInt8(ascii: "!"):
            if next == UInt8(ascii: "=") { index += 1; kind = .notEqual } else { kind = .invalid }
        case UInt8(ascii: "<"):
            if next == UInt8(ascii: "=") { index += 1; kind = .lessEqual } else { kind = .less }
        case UInt8(ascii: ">"):
            if next == UInt8(ascii: "=") { index += 1; kind = .greaterEqual } else { kind = .greater }
        default: kind = .invalid
        }
        if kind == .invalid {
            let shown = String(decoding: bytes[start..<index], as: UTF8.self)
            let printable = byte >= 0x20 && byte < 0x7F
            diagnostics.append(.error("unexpected-character", printable ? "unexpected character `\(shown)`" : "unexpected control byte 0x\(String(byte, radix: 16))", at: span(start)))
        }
        emit(kind, from: start)
    }
}

/// A recursive-descent parser over the token stream of one file. It recovers at item and
/// branch boundaries, so one run reports every independent syntax error.
public struct Parser {
    /// Deepest nesting of parentheses and `not` accepted in one expression.
    public static let maxDepth = 200

    /// Thrown after a diagnostic has been recorded; the caller resynchronises.
    struct Bail: Error {}

    var tokens: [Token]
    var position = 0
    var diagnostics: [Diagnostic] = []
    var depth = 0
    let file: Int

    /// Parses one file. Lexer diagnostics come first, then syntax errors in source order.
    public static func parse(_ source: SourceFile, file: Int) -> (FileAST, [Diagnostic]) {
        let lexed = Lexer.tokenize(source, file: file)
        var parser = Parser(tokens: lexed.tokens.filter { $0.kind != .invalid }, file: file)
        let items = parser.parseFile()
        let ast = FileAST(file: file, items: items, comments: lexed.comments)
        return (ast, lexed.diagnostics + parser.diagnostics)
    }

    init(tokens: [Token], file: Int) {
        self.tokens = tokens
        self.file = file
    }

    // MARK: cursor

    var current: Token { tokens[position] }
    var previous: Token { tokens[max(0, position - 1)] }
    var atEnd: Bool { current.kind == .endOfFile }

    func peek(_ ahead: Int) -> Token { tokens[min(position + ahead, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if !atEnd { position += 1 }
        return token
    }

    func check(_ kind: TokenKind) -> Bool { current.kind == kind }
    func checkWord(_ word: String) -> Bool { current.isWord(word) }

    mutating func match(_ kind: TokenKind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    mutating func matchWord(_ word: String) -> Bool {
        guard checkWord(word) else { return false }
        advance()
        return true
    }

    /// Consumes a token of `kind` or reports what was expected and bails.
    @discardableResult
    mutating func expect(_ kind: TokenKind, _ what: String) throws -> Token {
        guard check(kind) else { throw error("expected \(what), found \(describe(current))") }
        return advance()
    }

    mutating func expectWord(_ word: String) throws {
        guard matchWord(word) else { throw error("expected `\(word)`, found \(describe(current))") }
    }

    /// A name that is not a reserved word.
    mutating func expectName(_ what: String) throws -> Name {
        guard check(.identifier) else { throw error("expected \(what), found \(describe(current))") }
        if reservedWords.contains(current.text) {
            throw error("`\(current.text)` is a keyword and cannot be used as \(what)")
        }
        if current.text.contains("/") {
            throw error("`\(current.text)` cannot be used as \(what): `/` appears only in units such as `mmol/L`")
        }
        let token = advance()
        return Name(text: token.text, span: token.span)
    }

    /// A dotted id: `rectal_net.management`.
    mutating func expectQualifiedName(_ what: String) throws -> Name {
        var name = try expectName(what)
        while check(.dot), peek(1).kind == .identifier {
            advance()
            let part = try expectName(what)
            name = Name(text: name.text + "." + part.text, span: name.span.merged(with: part.span))
        }
        return name
    }

    mutating func expectString(_ what: String) throws -> StringLiteral {
        let token = try expect(.string, what)
        return StringLiteral(value: token.text, span: token.span)
    }

    func describe(_ token: Token) -> String {
        switch token.kind {
        case .endOfFile: "end of file"
        case .string: "string \"\(token.text.prefix(30))\""
        case .number: "number `\(token.text)`"
        case .identifier: "`\(token.text)`"
        default: "`\(token.text)`"
        }
    }

    /// Records a syntax error at the current token and returns the value to throw.
    mutating func error(_ message: String, help: String? = nil) -> Bail {
        diagnostics.append(Diagnostic(.error, "syntax", message, at: current.span, help: help))
        return Bail()
    }

    func spanFrom(_ start: Span) -> Span { start.merged(with: previous.span) }

    // MARK: file

    static let itemKeywords: Set<String> = [
        "guideline", "import", "fact", "outcome", "define", "decision", "table", "criteria", "constraint", "test",
    ]

    // file = { item } ;
    mutating func parseFile() -> [Item] {
        var items: [Item] = []
        while !atEnd {
            let start = position
            do {
                items.append(try parseItem())
            } catch {
                synchronizeToItem(after: start)
            }
        }
        return items
    }

    /// Skips to the next token that can start an item at brace depth zero.
    mutating func synchronizeToItem(after start: Int) {
        if position == start { advance() }
        var braces = 0
        while !atEnd {
            if check(.leftBrace) { braces += 1 }
            if check(.rightBrace) {
                braces -= 1
                if braces <= 0 {
                    advance()
                    if braces < 0 { braces = 0 }
                    if current.kind == .identifier, Parser.itemKeywords.contains(current.text) { return }
                    continue
                }
            }
            if braces == 0, current.kind == .identifier, Parser.itemKeywords.contains(current.text),
               previous.kind != .dot {
                return
            }
            advance()
        }
    }

    // item = guideline | import | fact | outcome | define | decision | table | criteria | constraint | test ;
    mutating func parseItem() throws -> Item {
        guard check(.identifier) else {
            throw error("expected a declaration (`fact`, `outcome`, `decision`, ...), found \(describe(current))")
        }
        switch current.text {
        case "guideline": return .guideline(try parseGuideline())
        case "import":
            let start = advance().span
            let path = try expectString("a file path in quotes")
            return .importFile(path, spanFrom(start))
        case "fact": return .fact(try parseFact())
        case "outcome": return .outcome(try parseOutcome())
        case "define": return .define(try parseDefine())
        case "decision": return .decision(try parseDecision())
        case "table": return .table(try parseTable())
        case "criteria": return .criteria(try parseCriteria())
        case "constraint": return .constraint(try parseConstraint())
        case "test": return .test(try parseTest())
        default:
            let help = Suggestion.help(for: current.text, in: Parser.itemKeywords)
            throw error("expected a declaration, found \(describe(current))", help: help)
        }
    }
}

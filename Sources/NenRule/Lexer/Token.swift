/// The kinds of token. Keywords are identifiers whose text the parser checks, so that strength
/// words and units stay contextual.
public enum TokenKind: Equatable, Sendable {
    case identifier
    case number
    case string
    case leftBrace, rightBrace, leftParen, rightParen
    case comma, colon, dot, pipe, minus, percent
    case assign        // =
    case arrow         // =>
    case ellipsis      // ...
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    case invalid
    case endOfFile
}

/// One token with its span; `text` is the source text (for strings, the decoded value).
public struct Token: Equatable, Sendable {
    public var kind: TokenKind
    public var text: String
    public var span: Span
    /// True for the first token on its line; rows and items are recognised by it in recovery.
    public var startsLine = false

    public func isWord(_ word: String) -> Bool { kind == .identifier && text == word }
}

/// A `#` comment, kept for the formatter.
public struct Comment: Equatable, Sendable {
    /// The text after `#`, without the line break.
    public var text: String
    public var span: Span
    /// True when code precedes the comment on its line (a trailing comment).
    public var trailing: Bool
}

/// Reserved words: never names of facts, outcomes or members.
public let reservedWords: Set<String> = [
    "guideline", "version", "import", "fact", "outcome", "define", "decision", "table", "criteria",
    "test", "applies", "when", "otherwise", "cite", "note", "policy", "derived", "by", "and", "or",
    "not", "in", "known", "true", "false", "ordered", "bool", "number", "range", "require",
    "relative", "given", "expect", "needs", "inputs", "constraint", "implies", "iff", "inconsistent",
    "irrelevant",
]

/// Strength verbs, in the guideline's own words; contextual after `=>`.
public let strengthWords: [String] = [
    "must", "should", "recommend", "suggest", "prefer", "may", "not_recommended", "refer",
]

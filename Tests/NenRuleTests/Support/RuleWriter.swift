import NenRule

/// Writes the tokens of generated rule items with random layout between them: spaces, line
/// breaks, indentation, blank lines, and comments, own-line and trailing, in every gap the
/// grammar has. White space means nothing in the language, so any layout is the same program.
struct RuleWriter {
    private(set) var text = ""
    private(set) var comments = 0
    private var random: SplitMix64
    /// Chance, in thousandths, that a gap between two tokens holds a comment.
    private let density: UInt64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed ^ 0x5EED_C0DE)
        density = [0, 10, 40, 120][Int(random.next() % 4)]
    }

    static let commentTexts = [
        " why", "", " AMB-02: see the note", "  indented  ", " trailing tab\t", "#double", " unicode ✓ § 中文",
        " a long comment that runs on and on, well past where the formatter would wrap a condition, to see it kept",
    ]

    /// One item: its tokens, separated from what came before by one or two line breaks.
    mutating func item(_ tokens: [String]) {
        if !text.isEmpty { text += chance(300) ? "\n\n" : "\n" }
        if chance(density * 3) { ownLineComment() }
        for (index, token) in tokens.enumerated() {
            if index > 0 { gap(after: tokens[index - 1], before: token, previous: index > 1 ? tokens[index - 2] : "") }
            text += token
        }
        if chance(density * 2) { text += "  #" + comment() }
    }

    /// Comments before the first and after the last item.
    mutating func fileComments(atStart: Bool) {
        guard chance(200) else { return }
        if atStart { text = "#" + comment() + "\n" + (chance(500) ? "\n" : "") + text } else { text += "\n\n#" + comment() + "\n" }
    }

    mutating func finish() -> String {
        if !text.hasSuffix("\n") && chance(900) { text += "\n" }
        return text
    }

    /// The gap between two tokens of an item. No comment follows a trailing comma before `}`
    /// or the `==` of a table cell: the canonical layout drops those tokens, so a comment
    /// after one would have to move (FormatterTests makes the same exception).
    private mutating func gap(after token: String, before next: String, previous: String) {
        let dropped = (token == "," && next == "}") || (token == "==" && previous == "|")
        if !dropped, chance(density) {
            if chance(500) { text += " #" + comment() + "\n" } else { text += "\n#" + comment() + "\n" }
            return
        }
        switch random.next() % 20 {
        case 0: text += "\n"
        case 1: text += "\n    "
        case 2: text += "\t"
        case 3 where !glued(token, next): text += ""
        default: text += " "
        }
    }

    /// Tokens that would lex as one if written without space between them.
    private func glued(_ left: String, _ right: String) -> Bool {
        let word: (Character) -> Bool = { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "\"" }
        guard let last = left.last, let first = right.first else { return true }
        if word(last) && word(first) { return true }
        let symbols: Set<Character> = ["=", "<", ">", "!", "-", "."]
        return symbols.contains(last) && symbols.contains(first)
    }

    private mutating func ownLineComment() {
        text += "#" + comment() + "\n"
    }

    private mutating func comment() -> String {
        comments += 1
        return Self.commentTexts[Int(random.next() % UInt64(Self.commentTexts.count))]
    }

    private mutating func chance(_ perMille: UInt64) -> Bool { random.next() % 1000 < perMille }
}

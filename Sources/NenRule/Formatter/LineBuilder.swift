/// Collects the pieces of one logical line. The construct-specific extensions (conditions,
/// clauses, facts, rows) all build through `add`, so every piece gets its source place and an
/// indent for the case that it has to start a line.
struct LineBuilder {
    let tokens: SourceTokens
    let indent: Int
    /// Where a piece goes when a comment forces a line break before it and it names no indent.
    var continuation: Indent
    /// The limit given to pieces added from now on.
    var limit = Formatter.width
    private(set) var pieces: [Piece] = []

    init(_ tokens: SourceTokens, indent: Int, continuation: Int? = nil) {
        self.tokens = tokens
        self.indent = indent
        self.continuation = .fixed(continuation ?? indent + 4)
    }

    /// Appends a piece and returns its index.
    @discardableResult
    mutating func add(_ text: String, _ source: Range<Int>, _ join: Join = .space, indent: Indent? = nil) -> Int {
        pieces.append(Piece(text: text, source: source, join: join, indent: indent ?? continuation, limit: limit))
        return pieces.count - 1
    }

    @discardableResult
    mutating func add(_ text: String, _ span: Span, _ join: Join = .space, indent: Indent? = nil) -> Int {
        add(text, span.start..<span.end, join, indent: indent)
    }

    /// A keyword or punctuation token (which the syntax tree does not keep): the first token at
    /// or after `offset`.
    @discardableResult
    mutating func keyword(_ text: String, after offset: Int, _ join: Join = .space) -> Int {
        add(text, tokens.after(offset), join)
    }

    /// Adds a keyword and returns where its token ends, to find the one after it.
    mutating func keywordEnd(_ text: String, after offset: Int, _ join: Join = .space) -> Int {
        // Two steps: `sourceEnd(of: keyword(...))` would read `self` before the keyword is added.
        let index = keyword(text, after: offset, join)
        return sourceEnd(of: index)
    }

    /// A dotted id, one piece per token (`staging` `.` `gep`), so that a comment between two of
    /// them stays there; returns the index of the first piece.
    @discardableResult
    mutating func qualifiedName(_ name: Name, _ join: Join = .space) -> Int {
        let first = pieces.count
        var next = name.span.start
        for (position, part) in name.text.split(separator: ".").enumerated() {
            if position > 0 { next = keywordEnd(".", after: next, .glued) }
            let index = add(String(part), tokens.after(next), position == 0 ? join : .glued)
            next = sourceEnd(of: index)
        }
        return first
    }

    /// A comma-separated list. `addItem` adds the pieces of one item, the first of them with
    /// the join it is given. Commas are glued to the item before them; lines wrap after them,
    /// aligned under the first item.
    mutating func list<Item>(_ items: [Item], first join: Join = .space, level: Int,
                             _ addItem: (inout LineBuilder, Item, Join) -> Void) {
        var first: Int?
        for (position, item) in items.enumerated() {
            let start = pieces.count
            addItem(&self, item, first == nil ? join : .soft(level: level))
            if let first { pieces[start].indent = .alignedWith(first) } else { first = start }
            if position < items.count - 1 { keyword(",", after: sourceEnd(of: pieces.count - 1), .glued) }
        }
    }

    mutating func list(_ names: [Name], first join: Join = .space, level: Int) {
        list(names, first: join, level: level) { $0.add($1.text, $1.span, $2) }
    }

    /// Where the source of a piece ends: the place to look for the token after it.
    func sourceEnd(of index: Int) -> Int { pieces[index].source.upperBound }

    /// Sets the join of a piece added earlier (the column of an aligned piece is known only
    /// once all its neighbours are built).
    mutating func setJoin(_ join: Join, at index: Int) {
        pieces[index].join = join
    }

    /// Lowers the limit of some pieces: the last line of a wrapped condition must end before
    /// its `=>` column.
    mutating func setLimit(_ limit: Int, in range: Range<Int>) {
        for index in range { pieces[index].limit = limit }
    }

    /// The logical line built, with its blank-line rule.
    func line(_ blank: BlankRule, commentIndent: Int? = nil) -> LogicalLine {
        let start = pieces.first?.source.lowerBound ?? 0
        return LogicalLine(pieces: pieces, indent: indent, blank: blank, sourceBlankBefore: tokens.blankLine(before: start),
                           commentIndent: commentIndent ?? indent)
    }

    /// The width of pieces laid out on one line, joins read as single spaces.
    func flatWidth(_ range: Range<Int>) -> Int {
        var width = 0
        for index in range {
            if index != range.lowerBound, pieces[index].join != .glued { width += 1 }
            width += pieces[index].text.count
        }
        return width
    }
}

/// A string literal as source text: the lexer's four escapes re-applied.
func quoted(_ value: String) -> String {
    var out = "\""
    // Scalars, not characters: a combining mark after `"` must not hide the quote.
    for scalar in value.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

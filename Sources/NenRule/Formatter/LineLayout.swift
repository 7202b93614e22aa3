/// Lays out one logical line: pieces are joined on a line while they fit, and a break point is
/// taken when the text up to the next break point of the same or an outer level would pass its
/// limit. Comments force breaks: an own-line comment gets its own line before its piece, and a
/// trailing comment ends the line of its piece.
struct LineLayout {
    private let line: LogicalLine
    private var pieces: [Piece] { line.pieces }
    private var output: [OutputLine] = []
    private var text = ""
    /// `text.count`, kept alongside: counting a long line again for every piece would be quadratic.
    private var width = 0
    /// The column at which each placed piece starts.
    private var columns: [Int] = []
    private var lineStart = 0
    private var annotationBroke = false

    static func render(_ line: LogicalLine) -> [OutputLine] {
        guard !line.pieces.isEmpty else { return [] }
        var layout = LineLayout(line: line)
        layout.run()
        return layout.output
    }

    private init(line: LogicalLine) {
        self.line = line
        columns.reserveCapacity(line.pieces.count)
    }

    private mutating func run() {
        beginFirst()
        for index in pieces.indices.dropFirst() {
            if mustBreak(before: index) || wantsBreak(before: index) {
                finish(at: index)
                begin(index)
            } else {
                append(index)
            }
        }
        finish(at: pieces.count)
    }

    // MARK: where to break

    private func mustBreak(before index: Int) -> Bool {
        let piece = pieces[index]
        if !piece.leading.isEmpty || !pieces[index - 1].trailing.isEmpty { return true }
        switch piece.join {
        case .annotation: return annotationBroke
        case .tab(let column): return width >= column
        default: return false
        }
    }

    private func wantsBreak(before index: Int) -> Bool {
        guard let level = pieces[index].join.breakLevel, width > indent(of: index) else { return false }
        if case .tab = pieces[index].join { return false }
        return !fits(from: index, level: level)
    }

    /// Whether the pieces from `start` up to the next break point of `level` or lower (or a
    /// comment's forced break) fit on the current line.
    private func fits(from start: Int, level: Int) -> Bool {
        var end = width
        var index = start
        repeat {
            end += separator(before: index, at: end).count + pieces[index].text.count
            if end > pieces[index].limit { return false }
            index += 1
        } while index < pieces.count && !endsChunk(at: index, level: level)
        return true
    }

    private func endsChunk(at index: Int, level: Int) -> Bool {
        if !pieces[index].leading.isEmpty || !pieces[index - 1].trailing.isEmpty { return true }
        return pieces[index].join.breakLevel.map { $0 <= level } ?? false
    }

    private func indent(of index: Int) -> Int {
        if case .tab(let column) = pieces[index].join { return column }
        switch pieces[index].indent {
        case .fixed(let column): return column
        case .alignedWith(let earlier): return earlier < columns.count ? columns[earlier] : line.commentIndent + 4
        }
    }

    private func separator(before index: Int, at width: Int) -> String {
        switch pieces[index].join {
        case .glued: ""
        case .space, .soft, .annotation: " "
        case .pad(let column), .tab(let column): String(repeating: " ", count: max(1, column - width))
        }
    }

    // MARK: output

    private mutating func beginFirst() {
        let first = pieces[0]
        for (position, comment) in first.leading.enumerated() {
            let blank = position == 0 ? ruleBlank(comment.blankBefore) : comment.blankBefore
            output.append(OutputLine(text: spaces(line.commentIndent) + comment.text, blankBefore: blank))
        }
        let blank = first.leading.isEmpty ? ruleBlank(line.sourceBlankBefore) : line.sourceBlankBefore
        start(0, at: line.indent, blankBefore: blank)
    }

    private func ruleBlank(_ sourceBlank: Bool) -> Bool {
        switch line.blank {
        case .never: false
        case .keep: sourceBlank
        case .always: true
        }
    }

    private mutating func begin(_ index: Int) {
        let column = indent(of: index)
        for comment in pieces[index].leading {
            output.append(OutputLine(text: spaces(column) + comment.text, blankBefore: false))
        }
        if pieces[index].join == .annotation { annotationBroke = true }
        start(index, at: column, blankBefore: false)
    }

    private mutating func start(_ index: Int, at column: Int, blankBefore: Bool) {
        lineStart = index
        text = spaces(column) + pieces[index].text
        width = max(0, column) + pieces[index].text.count
        columns.append(column)
        output.append(OutputLine(text: "", blankBefore: blankBefore))
    }

    private mutating func append(_ index: Int) {
        let separator = separator(before: index, at: width)
        columns.append(width + separator.count)
        text += separator + pieces[index].text
        width += separator.count + pieces[index].text.count
    }

    /// Completes the current line, whose last piece is the one before `end`.
    private mutating func finish(at end: Int) {
        let last = pieces[end - 1]
        var finished = text
        if let comment = last.trailing.first { finished += "  " + comment.text }
        let slot = output.count - 1
        output[slot].text = finished
        output[slot].opens = last.text == "{"
        output[slot].closes = pieces[lineStart].text == "}"
        // A second trailing comment on one piece cannot stay trailing; the re-parse check reports it.
        for comment in last.trailing.dropFirst() {
            output.append(OutputLine(text: spaces(indent(of: lineStart)) + comment.text, blankBefore: false))
        }
    }

    private func spaces(_ count: Int) -> String { String(repeating: " ", count: max(0, count)) }
}

/// A logical line with one piece that lines up in a column shared with its neighbours: the
/// `=>` of a decision's branches, the label of a criterion, the description of a fact.
struct AlignedLine {
    var builder: LineBuilder
    /// The piece that goes into the column; nil for a line with nothing to align.
    let anchor: Int?
    /// Where the last line of a wrapped condition starts: its final top-level `and` / `or`.
    let finalTerm: Int?
    /// Width before the anchor on one line, indent included.
    let head: Int
    /// Width of the last line when the condition wraps before its final operator.
    let lastHead: Int?
    /// Width of what must follow the column on the same line (`=> results`, without annotations).
    let tail: Int
    /// The tail with everything after it (annotations, `derived by`).
    let fullTail: Int
    /// Widths of the annotations after the tail, one per `cite` or `note`.
    let annotations: [Int]

    /// `tailEnd` ends the pieces that make the tail; `condition` holds the condition's pieces.
    init(_ builder: LineBuilder, anchor: Int?, tailEnd: Int, condition: Range<Int>? = nil) {
        self.builder = builder
        self.anchor = anchor
        let headEnd = anchor ?? 0
        head = builder.indent + builder.flatWidth(0..<headEnd)
        tail = anchor.map { builder.flatWidth($0..<tailEnd) } ?? 0
        fullTail = anchor.map { builder.flatWidth($0..<builder.pieces.count) } ?? 0
        // Only a line with an anchor can wrap before its final operator to keep the anchor on
        // the condition's last line; a criterion without a label has no column to keep.
        finalTerm = anchor == nil ? nil : condition.flatMap { range in
            builder.pieces[range].lastIndex { $0.join == .soft(level: LineBuilder.operatorLevel) }
        }
        let continuation = builder.indent + builder.flatWidth(0..<(condition?.lowerBound ?? 0)) + 1
        lastHead = finalTerm.map { continuation + builder.flatWidth($0..<headEnd) }
        let starts = builder.pieces.indices.filter { $0 >= tailEnd && builder.pieces[$0].join == .annotation }
        annotations = zip(starts, starts.dropFirst() + [builder.pieces.count]).map { builder.flatWidth($0..<$1) }
    }

    /// About how many lines the line takes with its anchor in `column`: the head on one line,
    /// or wrapped before its final operator, or with the anchor on a line of its own; then one
    /// line per annotation that does not fit after the tail.
    func lineCount(at column: Int) -> Int {
        var count = head + 1 <= column ? 1 : (lastHead.map { $0 + 1 <= column } ?? false) ? 2 : 3
        var end = column + tail
        if end > Formatter.width { count += 1 }
        for width in annotations {
            if end + 1 + width > Formatter.width {
                count += 1
                end = Formatter.width  // once one annotation has its own line, so has every later one
            } else {
                end += 1 + width
            }
        }
        return count
    }
}

/// Picks the shared column and applies it.
enum Alignment {
    /// Branches and criteria: every anchor goes into the column. A head too long for it wraps
    /// before its final operator when that puts the anchor on the condition's last line;
    /// otherwise the anchor starts a line of its own, in the column.
    static func wrapping(_ lines: inout [AlignedLine]) {
        let anchored = lines.filter { $0.anchor != nil }
        guard !anchored.isEmpty else { return }
        let column = candidates(anchored).min { cost(anchored, at: $0) < cost(anchored, at: $1) }
            ?? max(Formatter.width - (anchored.map(\.tail).max() ?? 0), Formatter.width / 2)
        for index in lines.indices {
            let line = lines[index]
            guard let anchor = line.anchor else { continue }
            lines[index].builder.setJoin(.tab(column), at: anchor)
            if line.head + 1 > column, let finalTerm = line.finalTerm, let last = line.lastHead, last + 1 <= column {
                lines[index].builder.setLimit(column - 1, in: finalTerm..<anchor)
            }
        }
    }

    /// Runs of facts or outcomes: anchors that fit go into the column; the others keep their
    /// own layout (one space, or a line of their own).
    static func fitting(_ lines: inout [AlignedLine]) {
        let anchored = lines.filter { $0.anchor != nil }
        let best = candidates(anchored).max { score(anchored, at: $0) < score(anchored, at: $1) }
        guard let column = best, anchored.contains(where: { fits($0, at: column) }) else { return }
        for index in lines.indices {
            guard let anchor = lines[index].anchor, fits(lines[index], at: column) else { continue }
            lines[index].builder.setJoin(.tab(column), at: anchor)
        }
    }

    /// For branches and criteria, lower is better: the lines taken, then the conditions
    /// wrapped, then the column (the leftmost of equals).
    static func cost(_ lines: [AlignedLine], at column: Int) -> (Int, Int, Int) {
        (lines.reduce(0) { $0 + $1.lineCount(at: column) }, lines.filter { $0.head + 1 > column }.count, column)
    }

    /// For facts and outcomes, higher is better: the lines aligned, then the lines kept whole,
    /// then the leftmost column.
    static func score(_ lines: [AlignedLine], at column: Int) -> (Int, Int, Int) {
        (lines.filter { fits($0, at: column) }.count, lines.filter { fits($0, at: column, tail: $0.fullTail) }.count, -column)
    }

    /// Columns just after a head or a wrapped head's last line. A column at the right margin
    /// fits nothing, which also bounds the search for huge bodies.
    static func candidates(_ lines: [AlignedLine]) -> [Int] {
        Set(lines.flatMap { [$0.head + 1] + ($0.lastHead.map { [$0 + 1] } ?? []) })
            .filter { $0 < Formatter.width }.sorted()
    }

    static func fits(_ line: AlignedLine, at column: Int, tail: Int? = nil) -> Bool {
        let headFits = line.head + 1 <= column || (line.lastHead.map { $0 + 1 <= column } ?? false)
        return headFits && column + (tail ?? line.tail) <= Formatter.width
    }
}

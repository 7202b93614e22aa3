/// The formatter's working units. Every item of a file becomes one or more logical lines (a
/// branch, a fact, a `given` clause); a logical line is a run of pieces that the layout joins
/// with spaces or wraps onto further lines. Each piece remembers the source bytes it stands for,
/// so comments can be handed to the piece they annotate.

/// Where a line that starts with a piece begins.
enum Indent: Equatable {
    case fixed(Int)
    /// The column at which an earlier piece of the same logical line was placed: continuation
    /// lines of a condition or a list line up under their first term.
    case alignedWith(Int)
}

/// How a piece joins the piece before it.
enum Join: Equatable {
    /// Directly after, without a space: `)`, or the first term inside `(`.
    case glued
    /// After one space; the layout never breaks here (only a comment can).
    case space
    /// After one space, or on a new line when the text up to the next break point of the same
    /// or a lower level does not fit. Lower levels are outer structure and break first.
    case soft(level: Int)
    /// Padded to a column (table cells); one space when the line is already past it.
    case pad(Int)
    /// Padded to a column (`=>`, labels); on a new line at that column when the line is past it.
    case tab(Int)
    /// An annotation (`cite`, `note`): after one space while it fits; once one annotation of a
    /// logical line has gone to its own line, every later one does too.
    case annotation

    /// The break level of a break point, nil where the layout may not break.
    var breakLevel: Int? {
        switch self {
        case .soft(let level): level
        case .tab, .annotation: 0
        case .glued, .space, .pad: nil
        }
    }
}

/// A comment on its way to the output, with the blank-line fact the source gave it.
struct PlacedComment: Equatable {
    /// `#` and the comment's text, without trailing white space.
    var text: String
    /// Whether a blank line preceded it in the source.
    var blankBefore: Bool
}

/// One unbreakable run of output text.
struct Piece {
    var text: String
    /// The source bytes the piece stands for; comments attach by these positions.
    var source: Range<Int>
    var join: Join
    var indent: Indent
    /// The rightmost column the piece may reach before the layout breaks the line earlier (a
    /// branch's condition must end before its `=>` column).
    var limit: Int
    /// Own-line comments that stand before this piece.
    var leading: [PlacedComment] = []
    /// Comments that end the source line of this piece.
    var trailing: [PlacedComment] = []
}

/// How a logical line treats the blank lines before it in the source.
enum BlankRule {
    /// Never preceded by a blank line (header clauses, braces).
    case never
    /// Preceded by one blank line when the source had one or more (the author's grouping).
    case keep
    /// Always preceded by one blank line (between decisions, tests and their neighbours).
    case always
}

/// A branch, a fact, a header clause: laid out on its own line or lines.
struct LogicalLine {
    var pieces: [Piece]
    var indent: Int
    var blank: BlankRule
    /// Whether the source had a blank line before the first piece.
    var sourceBlankBefore = false
    /// Indent of own-line comments before the line (a closing `}` takes its body's indent).
    var commentIndent: Int
}

/// One line of output, with what the printer needs to place blank lines.
struct OutputLine: Equatable {
    var text: String
    var blankBefore: Bool
    /// Ends with `{`: no blank line may follow.
    var opens = false
    /// Starts with `}`: no blank line may precede it.
    var closes = false
}

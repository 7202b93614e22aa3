/// The canonical layout of rule files (`nenrule fmt`).
///
/// The formatter re-prints a parsed file: one blank line between items (declarations keep the
/// author's grouping), two-space bodies, the `=>` of a decision's branches in one column,
/// conditions wrapped before `and` / `or` to fit 100 columns, table cells padded into columns,
/// numbers exactly as written. It never reorders anything and never drops or moves a comment.
/// Its output is parsed again and must give the same syntax tree, comments included; when it
/// does not, formatting fails with `fmt-changed-meaning` rather than return changed rules.
public enum Formatter {
    /// The line width the layout aims at (long strings and names can pass it).
    public static let width = 100

    /// The result of formatting one file.
    public struct Output: Sendable {
        /// The canonical text; nil when the file has syntax errors or formatting failed.
        public var text: String?
        /// Syntax errors, or the `fmt-changed-meaning` failure.
        public var diagnostics: [Diagnostic]
    }

    /// Parses and formats a file; a file with syntax errors is not formatted.
    public static func format(_ source: SourceFile, file: Int = 0) -> Output {
        let (ast, diagnostics) = Parser.parse(source, file: file)
        if diagnostics.contains(where: { $0.severity == .error }) { return Output(text: nil, diagnostics: diagnostics) }
        return format(ast, source: source)
    }

    /// Formats a parsed file (which must be free of syntax errors) and checks the result.
    public static func format(_ ast: FileAST, source: SourceFile) -> Output {
        let text = render(ast, source: source)
        if let failure = meaningChange(ast, formatted: text, path: source.path) {
            return Output(text: nil, diagnostics: [failure])
        }
        return Output(text: text, diagnostics: [])
    }

    /// The formatted text, unchecked.
    static func render(_ ast: FileAST, source: SourceFile) -> String {
        let tokens = SourceTokens(source, file: ast.file)
        var file = FileLines(tokens)
        file.add(ast.items)
        var lines = file.lines
        let endOfFile = CommentAttachment.attach(ast.comments, to: &lines, tokens: tokens)
        var printer = Printer()
        for line in lines {
            for output in LineLayout.render(line) { printer.print(output) }
        }
        for comment in endOfFile { printer.print(OutputLine(text: comment.text, blankBefore: comment.blankBefore)) }
        return printer.text
    }
}

/// Joins output lines, placing the blank lines they ask for except at the start of the file,
/// after an opening `{` and before a closing `}`.
struct Printer {
    private(set) var text = ""
    private var afterOpening = true

    mutating func print(_ line: OutputLine) {
        if line.blankBefore, !afterOpening, !line.closes { text += "\n" }
        text += line.text + "\n"
        afterOpening = line.opens
    }
}

/// The formatter's safety net: its output is parsed again and compared with the input's syntax
/// tree, without positions but with every comment.
extension Formatter {
    /// A `fmt-changed-meaning` error when `formatted` does not parse to the tree of `ast`.
    static func meaningChange(_ ast: FileAST, formatted: String, path: String) -> Diagnostic? {
        let (reparsed, diagnostics) = Parser.parse(SourceFile(path: path, text: formatted), file: ast.file)
        let before = comparable(ast).split(separator: "\n", omittingEmptySubsequences: false)
        let after = comparable(reparsed).split(separator: "\n", omittingEmptySubsequences: false)
        let syntaxError = diagnostics.first { $0.severity == .error }
        guard syntaxError != nil || before != after else { return nil }
        let note = syntaxError.map { "the formatted text does not parse: \($0.message)" } ?? firstDifference(before, after)
        let message = "formatting `\(path)` would change what it says; the file is left as it is"
        return Diagnostic(.error, "fmt-changed-meaning", message, notes: [note],
                          help: "this is a formatter bug: please report it with the file", subject: path)
    }

    private static func firstDifference(_ before: [Substring], _ after: [Substring]) -> String {
        let line = before.indices.first { $0 >= after.count || before[$0] != after[$0] } ?? before.count
        let was = line < before.count ? before[line].drop { $0 == " " } : "(nothing)"
        let now = line < after.count ? after[line].drop { $0 == " " } : "(nothing)"
        return "the syntax tree differs: `\(was)` became `\(now)`"
    }

    /// The position-free dump of a tree; comments compare without trailing white space, which
    /// the formatter removes.
    static func comparable(_ ast: FileAST) -> String {
        var ast = ast
        ast.comments = ast.comments.map { comment in
            var comment = comment
            comment.text = String(CommentAttachment.text(of: comment).dropFirst())
            return comment
        }
        return ASTDump.dump(ast)
    }
}

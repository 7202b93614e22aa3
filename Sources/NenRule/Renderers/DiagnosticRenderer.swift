/// Renders diagnostics as text (`file:line:col: error[code]: message`, the source line and a
/// caret), or as JSON objects for tools.
public enum DiagnosticRenderer {
    /// Where a diagnostic points, resolved against its sources.
    public struct Location: Sendable {
        public var file: String
        public var line: Int
        public var column: Int
    }

    public static func location(_ span: Span, in sources: SourceSet) -> Location? {
        guard let file = sources[span.file] else { return nil }
        let (line, column) = file.location(of: span.start)
        return Location(file: file.path, line: line, column: column)
    }

    public static func text(_ diagnostic: Diagnostic, sources: SourceSet) -> String {
        let header = "\(diagnostic.severity.rawValue)[\(diagnostic.code)]: \(diagnostic.message)"
        var out: String
        if let location = location(diagnostic.span, in: sources), let file = sources[diagnostic.span.file] {
            out = "\(location.file):\(location.line):\(location.column): \(header)\n"
            out += snippet(file, diagnostic.span, line: location.line, column: location.column)
        } else {
            out = (diagnostic.subject.map { "\($0): " } ?? "") + header + "\n"
        }
        for related in diagnostic.related {
            if let location = location(related.span, in: sources) {
                out += "  = note: \(related.message) at \(location.file):\(location.line):\(location.column)\n"
            }
        }
        for note in diagnostic.notes { out += "  = note: \(note)\n" }
        if !diagnostic.witness.isEmpty { out += "  = witness: \(witnessJSON(diagnostic.witness).render(pretty: false))\n" }
        if let help = diagnostic.help { out += "  = help: \(help)\n" }
        return out
    }

    /// Longest source line a snippet shows whole; a longer one is shown as a window around
    /// the span, so 5 000 parentheses on one line do not flood the terminal.
    static let snippetWidth = 120

    /// The source line with a caret run under the span (clipped to that line).
    static func snippet(_ file: SourceFile, _ span: Span, line: Int, column: Int) -> String {
        var text = file.lineText(line).replacingTabs()
        let gutter = String(line)
        let pad = String(repeating: " ", count: gutter.count)
        let endLocation = file.location(of: max(span.start, span.end))
        var width = endLocation.line == line ? max(1, endLocation.column - column) : max(1, text.count - column + 1)
        var caretColumn = column
        if text.count > snippetWidth {
            let start = max(0, min(column - 1 - snippetWidth / 3, text.count - snippetWidth))
            let window = text.dropFirst(start).prefix(snippetWidth)
            let head = start > 0 ? "…" : "", tail = start + window.count < text.count ? "…" : ""
            text = head + window + tail
            caretColumn = column - start + head.count
            width = min(width, window.count + head.count - caretColumn + 1)
        }
        var out = "\(pad) |\n\(gutter) | \(text)\n"
        out += "\(pad) | " + String(repeating: " ", count: max(0, caretColumn - 1)) + String(repeating: "^", count: max(1, width)) + "\n"
        return out
    }

    public static func textAll(_ diagnostics: [Diagnostic], sources: SourceSet) -> String {
        diagnostics.sortedForOutput().map { text($0, sources: sources) }.joined(separator: "\n")
    }

    /// `{file, line, column, severity, code, message}` plus notes and help when present.
    public static func json(_ diagnostic: Diagnostic, sources: SourceSet) -> JSONNode {
        let location = location(diagnostic.span, in: sources)
        var members: [(String, JSONNode)] = [
            ("file", location.map { .string($0.file) } ?? .null),
            ("line", location.map { .number(String($0.line)) } ?? .null),
            ("column", location.map { .number(String($0.column)) } ?? .null),
            ("severity", .string(diagnostic.severity.rawValue)),
            ("code", .string(diagnostic.code)),
            ("message", .string(diagnostic.message)),
        ]
        if let subject = diagnostic.subject { members.append(("subject", .string(subject))) }
        let notes = diagnostic.notes + diagnostic.related.compactMap { related in
            self.location(related.span, in: sources).map { "\(related.message) at \($0.file):\($0.line):\($0.column)" }
        }
        if !notes.isEmpty { members.append(("notes", .array(notes.map { .string($0) }))) }
        if let help = diagnostic.help { members.append(("help", .string(help))) }
        members.append(("witness", diagnostic.witness.isEmpty ? .null : witnessJSON(diagnostic.witness)))
        return .object(members)
    }

    /// A witness as a case object that `nenrule eval --facts` accepts as it is.
    public static func witnessJSON(_ witness: [WitnessValue]) -> JSONNode {
        .object(witness.map { ($0.fact, $0.isBool ? .bool($0.value == "true") : .string($0.value)) })
    }
}

extension String {
    /// Tabs as single spaces, so the caret lines up whatever the terminal's tab width.
    func replacingTabs() -> String { String(map { $0 == "\t" ? " " : $0 }) }
}

/// A small document model for explanations, so one builder serves plain text and Markdown.
public struct ExplainDocument: Sendable {
    /// A run of inline text: plain words, a name from the rules, or emphasis.
    public enum Inline: Sendable, Equatable {
        case text(String)
        case code(String)
        case strong(String)
    }

    public typealias Line = [Inline]

    /// A list entry: its first line and indented detail lines under it.
    public struct Item: Sendable {
        public var lead: Line
        public var details: [Line]
    }

    public enum Block: Sendable {
        case title(Line)
        case heading(String)
        case paragraph(Line)
        /// A list; numbered lists start at 1.
        case list(numbered: Bool, [Item])
    }

    public var blocks: [Block] = []

    /// Plain text, wrapped at `width` columns with hanging indents.
    public func text(width: Int = 100) -> String {
        blocks.map { block in
            switch block {
            case .title(let line): return plain(line) + "\n"
            case .heading(let heading): return heading + "\n"
            case .paragraph(let line): return Self.wrap(plain(line), width: width, indent: "") + "\n"
            case .list(let numbered, let items):
                return items.enumerated().map { index, item in
                    let marker = numbered ? "\(index + 1). " : "- "
                    let hanging = String(repeating: " ", count: 2 + marker.count)
                    let first = Self.wrap("  " + marker + plain(item.lead), width: width, indent: hanging)
                    let details = item.details.map { Self.wrap("       " + plain($0), width: width, indent: "         ") }
                    return ([first] + details).joined(separator: "\n") + "\n"
                }.joined()
            }
        }.joined(separator: "\n")
    }

    /// GitHub-flavoured Markdown.
    public func markdown() -> String {
        blocks.map { block in
            switch block {
            case .title(let line): return "## " + marked(line.map { if case .strong(let text) = $0 { .text(text) } else { $0 } }) + "\n"
            case .heading(let heading): return "### " + Self.escape(heading) + "\n"
            case .paragraph(let line): return marked(line) + "\n"
            case .list(let numbered, let items):
                return items.enumerated().map { index, item in
                    let marker = numbered ? "\(index + 1). " : "- "
                    let pad = String(repeating: " ", count: marker.count)
                    return ([marker + marked(item.lead)] + item.details.map { pad + "- " + marked($0) }).joined(separator: "\n") + "\n"
                }.joined()
            }
        }.joined(separator: "\n")
    }

    func plain(_ line: Line) -> String {
        line.map { inline in
            switch inline {
            case .text(let text), .code(let text), .strong(let text): text
            }
        }.joined()
    }

    func marked(_ line: Line) -> String {
        line.map { inline in
            switch inline {
            case .text(let text): Self.escape(text)
            case .code(let text): "`" + text + "`"
            case .strong(let text): Self.strong(text)
            }
        }.joined()
    }

    /// `**text**` with surrounding spaces kept outside the markers, where CommonMark needs them.
    static func strong(_ text: String) -> String {
        let core = text.trimmingSpaces()
        guard !core.isEmpty else { return text }
        let leading = text.prefix { $0 == " " }, trailing = String(text.reversed().prefix { $0 == " " })
        return leading + "**" + escape(core) + "**" + trailing
    }

    /// Escapes the characters that Markdown would read as markup inside running text.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\`*_[]<>|".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// Greedy word wrap; continuation lines start with `indent`. Words longer than a line stay whole.
    static func wrap(_ text: String, width: Int, indent: String) -> String {
        let margin = String(text.prefix { $0 == " " })
        var lines: [String] = []
        var current = margin
        var lineIsEmpty = true
        for word in text.dropFirst(margin.count).split(separator: " ") {
            if lineIsEmpty {
                current += word
            } else if current.count + 1 + word.count > width {
                lines.append(current)
                current = indent + word
            } else {
                current += " " + word
            }
            lineIsEmpty = false
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }
}

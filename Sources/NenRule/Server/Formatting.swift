/// Formatting through `fmt`: the whole document as one edit, or for a range only the changed
/// blocks of lines that meet it. A file with syntax errors is left alone (an error says why),
/// and since `fmt` re-parses its output, no comment is ever dropped.
extension LanguageServer {
    func formatting(_ params: JSONValue?, range: Bool) throws(ResponseError) -> JSONNode {
        guard let uri = params?["textDocument"]?["uri"]?.string, let path = FileURI.path(uri), let file = workspace.fileIndex(path),
              let source = workspace.source(file) else {
            throw ResponseError(code: .invalidParams, message: "no rule file of the workspace at `textDocument.uri`")
        }
        let output = Formatter.format(source, file: file)
        guard let formatted = output.text else {
            throw ResponseError(code: .requestFailed, message: "not formatted: " + (output.diagnostics.first?.message ?? "the file has errors"))
        }
        let old = String(decoding: source.bytes, as: UTF8.self)
        guard formatted != old else { return .array([]) }
        let lines = LineIndex(source.bytes)
        if range {
            let start = Workspace.offset(params?["range"]?["start"], in: lines), end = Workspace.offset(params?["range"]?["end"], in: lines)
            return .array(itemEdits(source, formatted, file: file, start, end).map { edit in
                .object([("range", Workspace.range(lines, edit.start, edit.end)), ("newText", .string(edit.text))])
            })
        }
        return .array(LineDiff.hunks(old, formatted).map { hunk in
            let from = .object([("line", .int(hunk.oldLines.lowerBound)), ("character", .int(0))]) as JSONNode
            let to = .object([("line", .int(hunk.oldLines.upperBound)), ("character", .int(0))]) as JSONNode
            return .object([("range", .object([("start", from), ("end", to)])), ("newText", .string(hunk.newText))])
        })
    }
}

extension LanguageServer {
    /// Range formatting: each item (declaration, decision, test) the range touches, replaced by
    /// its formatted text. `fmt` keeps the items and their order (its re-parse check proves
    /// it), so the n-th item of the output is the n-th of the input.
    func itemEdits(_ source: SourceFile, _ formatted: String, file: Int, _ start: Int, _ end: Int) -> [Edit] {
        let old = Parser.parse(source, file: file).0
        let new = Parser.parse(SourceFile(path: source.path, text: formatted), file: file).0
        guard old.items.count == new.items.count else { return [] }
        let bytes = Array(formatted.utf8)
        return zip(old.items, new.items).compactMap { before, after in
            guard before.span.start <= end, start <= before.span.end else { return nil }
            let text = String(decoding: bytes[after.span.start..<after.span.end], as: UTF8.self)
            guard text != String(decoding: source.bytes[before.span.start..<before.span.end], as: UTF8.self) else { return nil }
            return Edit(start: before.span.start, end: before.span.end, text: text)
        }
    }
}

/// The changed blocks between two texts, by lines (longest common subsequence; rule files are
/// a few hundred lines).
enum LineDiff {
    struct Hunk {
        /// Lines of the old text replaced (end exclusive; past the last line means its end).
        var oldLines: Range<Int>
        var newText: String
    }

    static func hunks(_ old: String, _ new: String) -> [Hunk] {
        let a = lines(old), b = lines(new)
        // Trim the common head and tail so the table covers only the middle.
        var head = 0
        while head < a.count, head < b.count, a[head] == b[head] { head += 1 }
        var tail = 0
        while tail < a.count - head, tail < b.count - head, a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
        let x = Array(a[head..<(a.count - tail)]), y = Array(b[head..<(b.count - tail)])
        guard x.count * y.count <= 4_000_000 else { return [Hunk(oldLines: head..<(a.count - tail), newText: y.joined())] }
        var table = Array(repeating: Array(repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in stride(from: x.count - 1, through: 0, by: -1) {
            for j in stride(from: y.count - 1, through: 0, by: -1) {
                table[i][j] = x[i] == y[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var hunks: [Hunk] = [], i = 0, j = 0
        var open: (oldStart: Int, text: String)?
        func close() {
            if let block = open { hunks.append(Hunk(oldLines: (head + block.oldStart)..<(head + i), newText: block.text)) }
            open = nil
        }
        while i < x.count || j < y.count {
            if i < x.count, j < y.count, x[i] == y[j] {
                close()
                i += 1
                j += 1
            } else if j < y.count, i == x.count || table[i][j + 1] >= table[i + 1][j] {
                if open == nil { open = (i, "") }
                open!.text += y[j]
                j += 1
            } else {
                if open == nil { open = (i, "") }
                i += 1
            }
        }
        close()
        return hunks
    }

    /// Lines with their line breaks, so joining them gives the text back.
    static func lines(_ text: String) -> [String] {
        var result: [String] = [], current = ""
        for character in text {
            current.append(character)
            if character == "\n" || character == "\r\n" {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}

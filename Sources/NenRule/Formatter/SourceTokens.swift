/// The source's tokens and bytes, for what the syntax tree does not keep: where keywords and
/// punctuation were, and where the author left blank lines.
struct SourceTokens {
    private let spans: [Range<Int>]
    private let bytes: [UInt8]

    init(_ source: SourceFile, file: Int) {
        let tokens = Lexer.tokenize(source, file: file).tokens.filter { $0.kind != .endOfFile }
        spans = tokens.map { $0.span.start..<$0.span.end }
        bytes = source.bytes
    }

    /// The first token starting at or after `offset` (an empty range there when none does).
    func after(_ offset: Int) -> Range<Int> {
        let index = firstIndex { $0.lowerBound >= offset }
        return index < spans.count ? spans[index] : offset..<offset
    }

    /// The last token ending at or before `offset` (an empty range there when none does).
    func before(_ offset: Int) -> Range<Int> {
        let index = firstIndex { $0.upperBound > offset } - 1
        return index >= 0 ? spans[index] : offset..<offset
    }

    /// The source text of a token.
    func text(_ token: Range<Int>) -> String {
        String(decoding: bytes[min(token.lowerBound, bytes.count)..<min(token.upperBound, bytes.count)], as: UTF8.self)
    }

    /// Binary search: the first index whose span satisfies a predicate that is monotonic over
    /// the (sorted, disjoint) token spans.
    private func firstIndex(where predicate: (Range<Int>) -> Bool) -> Int {
        var low = 0, high = spans.count
        while low < high {
            let mid = (low + high) / 2
            if predicate(spans[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// Whether a blank line separates `offset` from the code or comment before it.
    func blankLine(before offset: Int) -> Bool {
        var index = min(offset, bytes.count) - 1
        var newlines = 0
        while index >= 0, [0x20, 0x09, 0x0D, 0x0A].contains(bytes[index]) {
            if bytes[index] == 0x0A { newlines += 1 }
            index -= 1
        }
        return newlines >= 2 && index >= 0
    }

    /// Whether a line holding nothing but white space lies between two offsets.
    func blankLine(between start: Int, and end: Int) -> Bool {
        var lineIsEmpty = false
        var sawNewline = false
        for byte in bytes[min(start, bytes.count)..<min(end, bytes.count)] {
            if byte == 0x0A {
                if sawNewline, lineIsEmpty { return true }
                sawNewline = true
                lineIsEmpty = true
            } else if byte != 0x20, byte != 0x09, byte != 0x0D {
                lineIsEmpty = false
            }
        }
        return false
    }
}

/// Positions as LSP counts them — zero-based lines and UTF-16 code units — against the byte
/// offsets the rest of the library uses. Rule files are full of Chinese quotations, so a
/// column is never a byte count. Out-of-range positions are clamped, never trusted.
struct LineIndex {
    let bytes: [UInt8]
    /// The byte offset where each line starts.
    let lineStarts: [Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == 10 { starts.append(offset + 1) }
        lineStarts = starts
    }

    /// The end of line `line`'s text (before its `\n`, and before a `\r` preceding it).
    func lineEnd(_ line: Int) -> Int {
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : bytes.count
        if end > lineStarts[line], bytes[end - 1] == 13 { end -= 1 }
        return end
    }

    /// LSP position of a byte offset.
    func position(of offset: Int) -> (line: Int, character: Int) {
        let offset = min(max(0, offset), bytes.count)
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        var units = 0
        for index in lineStarts[low]..<offset { units += Self.utf16Units(leading: bytes[index]) }
        return (low, units)
    }

    /// Byte offset of an LSP position; a line past the end is the end of the text, a character
    /// past the end of its line is the line's end, and one inside a character its start.
    func offset(line: Int, character: Int) -> Int {
        guard line >= 0 else { return 0 }
        guard line < lineStarts.count else { return bytes.count }
        var offset = lineStarts[line], units = 0
        let end = lineEnd(line)
        while offset < end {
            let width = Self.utf16Units(leading: bytes[offset])
            if units + width > character { break }
            units += width
            offset += 1
            while offset < end, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
        }
        return offset
    }

    /// UTF-16 code units a UTF-8 byte starts: none for a continuation byte, two for a
    /// four-byte sequence (outside the BMP), else one.
    static func utf16Units(leading byte: UInt8) -> Int {
        if byte & 0xC0 == 0x80 { return 0 }
        return byte >= 0xF0 ? 2 : 1
    }
}

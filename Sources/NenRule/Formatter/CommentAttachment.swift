/// Hands every comment to the piece it annotates, by source position: an own-line comment to
/// the first piece after it (it stays before that line), a trailing comment to the piece whose
/// token it followed (it stays at the end of that piece's line).
enum CommentAttachment {
    /// Attaches `comments` to the pieces of `lines`; returns the own-line comments that follow
    /// every piece (they end the file).
    static func attach(_ comments: [Comment], to lines: inout [LogicalLine], tokens: SourceTokens) -> [PlacedComment] {
        var places: [(line: Int, piece: Int, start: Int)] = []
        for (lineIndex, line) in lines.enumerated() {
            for (pieceIndex, piece) in line.pieces.enumerated() {
                places.append((lineIndex, pieceIndex, piece.source.lowerBound))
            }
        }
        places.sort { $0.start < $1.start }
        var endOfFile: [PlacedComment] = []
        for comment in comments {
            let placed = PlacedComment(text: text(of: comment), blankBefore: tokens.blankLine(before: comment.span.start))
            // The first piece that starts after the comment.
            let next = firstIndex(in: places) { $0.start > comment.span.start }
            if comment.trailing, next > 0 {
                let owner = places[next - 1]
                lines[owner.line].pieces[owner.piece].trailing.append(placed)
            } else if next < places.count {
                let owner = places[next]
                lines[owner.line].pieces[owner.piece].leading.append(placed)
            } else {
                endOfFile.append(placed)
            }
        }
        return endOfFile
    }

    /// `#` and the text, without trailing white space (which means nothing). A carriage return
    /// counts: the lexer drops one before the line break, so `#a\r\r` at the end of a file
    /// would otherwise come back from `#a\r` + line break as `#a` and differ.
    static func text(of comment: Comment) -> String {
        var text = Substring(comment.text)
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
        return "#" + text
    }

    private static func firstIndex<T>(in array: [T], where predicate: (T) -> Bool) -> Int {
        var low = 0, high = array.count
        while low < high {
            let mid = (low + high) / 2
            if predicate(array[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

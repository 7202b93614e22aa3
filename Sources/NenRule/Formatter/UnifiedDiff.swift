/// A unified diff between two texts (`nenrule fmt --diff`), with three lines of context.
public enum UnifiedDiff {
    /// Largest middle section (after the common head and tail) diffed line by line, in
    /// line pairs; beyond it the whole middle is shown as replaced, which is correct if long.
    static let maxCells = 4_000_000

    enum Edit: Equatable {
        case same, delete, insert
    }

    /// The diff of `old` to `new`, or "" when they are equal.
    public static func diff(_ old: String, _ new: String, path: String) -> String {
        let a = lines(old), b = lines(new)
        let edits = script(a, b)
        guard edits.contains(where: { $0 != .same }) else { return "" }
        var out = "--- \(path)\n+++ \(path) (formatted)\n"
        for hunk in hunks(edits) { out += render(hunk, edits, a, b) }
        return out
    }

    /// Lines split at line feeds only (by scalars: `\r\n` is one character), so a carriage
    /// return stays part of its line and a change of line endings shows.
    static func lines(_ text: String) -> [Substring] {
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { Substring($0) }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The edit script: common head and tail, and a longest-common-subsequence middle.
    static func script(_ a: [Substring], _ b: [Substring]) -> [Edit] {
        var head = 0
        while head < a.count, head < b.count, a[head] == b[head] { head += 1 }
        var tail = 0
        while tail < a.count - head, tail < b.count - head, a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
        let middleA = a[head..<(a.count - tail)], middleB = b[head..<(b.count - tail)]
        let middle = middleA.count * middleB.count <= maxCells
            ? commonSubsequence(Array(middleA), Array(middleB))
            : Array(repeating: .delete, count: middleA.count) + Array(repeating: .insert, count: middleB.count)
        return Array(repeating: .same, count: head) + middle + Array(repeating: .same, count: tail)
    }

    private static func commonSubsequence(_ a: [Substring], _ b: [Substring]) -> [Edit] {
        let width = b.count + 1
        // lengths[i * width + j]: the longest common subsequence of a[i...] and b[j...].
        var lengths = [Int](repeating: 0, count: (a.count + 1) * width)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i * width + j] = a[i] == b[j]
                    ? lengths[(i + 1) * width + j + 1] + 1
                    : max(lengths[(i + 1) * width + j], lengths[i * width + j + 1])
            }
        }
        var edits: [Edit] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                edits.append(.same); i += 1; j += 1
            } else if j == b.count || (i < a.count && lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) {
                edits.append(.delete); i += 1
            } else {
                edits.append(.insert); j += 1
            }
        }
        return edits
    }

    /// Ranges of the edit script shown together: changes with up to three lines of context,
    /// merged where their contexts touch.
    static func hunks(_ edits: [Edit], context: Int = 3) -> [Range<Int>] {
        var hunks: [Range<Int>] = []
        for index in edits.indices where edits[index] != .same {
            let range = max(0, index - context)..<min(edits.count, index + context + 1)
            if let last = hunks.last, range.lowerBound <= last.upperBound {
                hunks[hunks.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                hunks.append(range)
            }
        }
        return hunks
    }

    private static func render(_ hunk: Range<Int>, _ edits: [Edit], _ a: [Substring], _ b: [Substring]) -> String {
        // Line numbers in a and b where the hunk starts.
        let before = edits[..<hunk.lowerBound]
        var i = before.filter { $0 != .insert }.count, j = before.filter { $0 != .delete }.count
        let oldCount = edits[hunk].filter { $0 != .insert }.count, newCount = edits[hunk].filter { $0 != .delete }.count
        var out = "@@ -\(i + (oldCount == 0 ? 0 : 1)),\(oldCount) +\(j + (newCount == 0 ? 0 : 1)),\(newCount) @@\n"
        for edit in edits[hunk] {
            switch edit {
            case .same: out += " \(a[i])\n"; i += 1; j += 1
            case .delete: out += "-\(a[i])\n"; i += 1
            case .insert: out += "+\(b[j])\n"; j += 1
            }
        }
        return out
    }
}

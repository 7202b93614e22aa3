import Foundation

/// A target from the design brief, the figure it is judged on, and whether it was met.
struct Verdict {
    var target: String
    var measured: String
    var met: Bool
}

/// Plain-text tables and number formats for the report.
enum Report {
    /// Writes a line at once (unbuffered), so a long run shows its sections as they finish.
    static func say(_ line: String = "") {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Columns padded to their widest cell; columns listed in `right` are right-aligned.
    static func table(_ header: [String], _ rows: [[String]], right: Set<Int> = []) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return right.contains(column) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }

    /// `1234567` → `1 234 567`.
    static func grouped(_ value: Int) -> String {
        var digits = Array(String(value)), out: [Character] = []
        while digits.count > 3 {
            out = [" "] + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return String(digits + out)
    }

    static func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

    static func ratio(_ value: Double) -> String { String(format: value < 10 ? "%.2fx" : "%.1fx", value) }

    /// Decimal megabytes, as the target is stated.
    static func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1e6) }
}

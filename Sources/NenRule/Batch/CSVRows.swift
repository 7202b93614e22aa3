/// CSV cases: a header row of fact names (and optionally `case_id`), then one case per row;
/// an empty cell is unknown. Quoted cells (`"1,5 cm"`, `""` for a quote) are supported.
public struct CSVHeader: Sendable {
    /// Per column: the slot it fills, or -1 for `case_id`.
    public var columns: [Int]
    public var names: [String]

    /// Reads the header; unknown column names are diagnostics naming them.
    public static func parse(_ line: ArraySlice<UInt8>, table: SlotTable) -> Result<CSVHeader, Diagnostic> {
        parse(line, table: table, passThrough: [], ignoreUnknown: false)
    }

    /// The header, with columns that are not facts kept (`passThrough`) or, with
    /// `ignoreUnknown`, skipped (`-2`); else each is an error.
    public static func parse(_ line: ArraySlice<UInt8>, table: SlotTable, passThrough: Set<String>, ignoreUnknown: Bool) -> Result<CSVHeader, Diagnostic> {
        let cells = CSVRows.split(line)
        var columns: [Int] = [], names: [String] = []
        for cell in cells {
            let name = String(decoding: cell, as: UTF8.self).trimmingSpaces()
            names.append(name)
            if name == "case_id" { columns.append(-1); continue }
            if passThrough.contains(name) || (ignoreUnknown && table.slot(named: Array(name.utf8)[...]) == nil) { columns.append(-2); continue }
            guard let slot = table.slot(named: Array(name.utf8)[...]) else {
                return .failure(Diagnostic(.error, "unknown-fact", "unknown fact `\(name)` in the CSV header",
                                           help: Suggestion.help(for: name, in: table.graph.facts.map(\.name)), subject: "column `\(name)`"))
            }
            columns.append(slot)
        }
        return .success(CSVHeader(columns: columns, names: names))
    }
}

public enum CSVRows {
    /// The cells of one row, unquoted.
    public static func split(_ line: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var cells: [ArraySlice<UInt8>] = []
        var i = line.startIndex
        while i <= line.endIndex {
            if i < line.endIndex, line[i] == UInt8(ascii: "\"") {
                var text: [UInt8] = []
                i += 1
                while i < line.endIndex {
                    if line[i] == UInt8(ascii: "\"") {
                        if i + 1 < line.endIndex, line[i + 1] == UInt8(ascii: "\"") { text.append(line[i]); i += 2; continue }
                        i += 1
                        break
                    }
                    text.append(line[i])
                    i += 1
                }
                cells.append(text[...])
                while i < line.endIndex, line[i] != UInt8(ascii: ",") { i += 1 }
            } else {
                let start = i
                while i < line.endIndex, line[i] != UInt8(ascii: ",") { i += 1 }
                cells.append(line[start..<i])
            }
            i += 1
        }
        return cells
    }

    /// Loads a row into the evaluator; on failure, the diagnostic `eval` would give for the
    /// same values. Returns the case id cell when present.
    /// Loads a row; the case id (JSON text) comes back with either outcome.
    static func load(_ line: ArraySlice<UInt8>, _ header: CSVHeader, _ table: SlotTable, _ evaluator: inout Evaluator) -> (caseID: String?, problem: Diagnostic?) {
        var warnings: [Diagnostic] = []
        return load(line, header, table, &evaluator, warnings: &warnings)
    }

    /// `load`, with the warnings of the full reader (a member matched only by case).
    static func load(_ line: ArraySlice<UInt8>, _ header: CSVHeader, _ table: SlotTable, _ evaluator: inout Evaluator,
                     warnings: inout [Diagnostic]) -> (caseID: String?, problem: Diagnostic?) {
        evaluator.reset()
        let cells = split(line)
        let caseID = zip(header.columns, cells).first { $0.0 == -1 }.map { trimmed($0.1) }
            .flatMap { $0.isEmpty ? nil : JSONWriter.quote(String(decoding: $0, as: UTF8.self)) }
        guard cells.count == header.columns.count else {
            return (caseID, Diagnostic(.error, "csv-shape", "row has \(cells.count) cells but the header has \(header.columns.count)"))
        }
        var failed = false
        for (column, cell) in zip(header.columns, cells) where column >= 0 {
            let text = trimmed(cell)
            guard !text.isEmpty else { continue }
            guard let value = table.value(text: text, slot: column) else { failed = true; break }
            evaluator.values[column] = value
        }
        guard failed else { return (caseID, nil) }
        // Word the problem exactly as `eval` would, from the same values as strings.
        let members = zip(zip(header.names, header.columns), cells).filter { $0.0.1 >= 0 && !trimmed($0.1).isEmpty }
            .map { (key: $0.0.0, value: JSONValue.string(String(decoding: trimmed($0.1), as: UTF8.self))) }
        // The full reader accepts registry spellings (`TRUE`, `NA`, `g1`) the fast one leaves to it.
        let diagnostics = CaseReader.load(.object(members), into: &evaluator)
        warnings = diagnostics.filter { $0.severity == .warning }
        return (caseID, diagnostics.first { $0.severity == .error })
    }

    static func trimmed(_ cell: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var lower = cell.startIndex, upper = cell.endIndex
        while lower < upper, cell[lower] == 0x20 { lower += 1 }
        while upper > lower, cell[upper - 1] == 0x20 || cell[upper - 1] == 0x0D { upper -= 1 }
        return cell[lower..<upper]
    }
}

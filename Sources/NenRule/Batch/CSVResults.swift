/// Results as CSV for a statistician: the long layout has a row per case, decision and outcome
/// (`line,case_id,<kept…>,decision,status,outcome,strength,sections,needs,error`), the wide one a
/// row per case with a column per decision (`line,case_id,<kept…>,<decision ids…>,error`). A
/// case that could not be read is one row with its error, position included.
enum CSVResults {
    /// The header line, or nil for JSON Lines.
    static func header(_ options: BatchRunner.Options, _ selection: [Int], _ graph: DecisionGraph) -> [UInt8]? {
        let lead = ["line", "case_id"] + options.passThrough
        switch options.output {
        case .jsonl: return nil
        case .csvLong: return Array(row(lead + ["decision", "status", "outcome", "strength", "sections", "needs", "error"]).utf8)
        case .csvWide: return Array(row(lead + selection.map { graph.decisions[$0].id } + ["error"]).utf8)
        }
    }

    /// The rows of one evaluated case.
    static func rows(_ number: Int, _ caseID: String?, _ kept: [String], _ selection: [Int], _ evaluator: Evaluator,
                     _ options: BatchRunner.Options, into out: inout GrowableBuffer<UInt8>) {
        let lead = [String(number), caseID.map(unquoted) ?? ""] + kept
        if options.output == .csvWide {
            let cells = selection.map { d -> String in
                // Most decisions do not apply to a case: said without building their result.
                if evaluator.status(of: d) == .notApplicable { return "not_applicable" }
                let result = evaluator.decide(d)
                switch result.status {
                case .decided: return result.outcomesWithStrengths.joined(separator: "; ")
                case .undetermined: return "undetermined"
                case .notApplicable: return "not_applicable"
                }
            }
            out.append(row(lead + cells + [""]))
            return
        }
        for d in selection {
            if evaluator.status(of: d) == .notApplicable, !options.includeNotApplicable { continue }
            let result = evaluator.decide(d)
            switch result.status {
            case .notApplicable:
                if options.includeNotApplicable { out.append(row(lead + [result.id, "not_applicable", "", "", "", "", ""])) }
            case .undetermined:
                out.append(row(lead + [result.id, "undetermined", result.outcomes.joined(separator: "; "), "", "", result.needs.joined(separator: "; "), ""]))
            case .decided:
                for outcome in result.outcomes {
                    let recommendation = result.recommendations.first { $0.outcome == outcome }
                    out.append(row(lead + [result.id, "decided", outcome, recommendation?.strength?.rawValue ?? "",
                                           (recommendation?.cites ?? []).joined(separator: "; "), "", ""]))
                }
            }
        }
    }

    static func errorRow(_ number: Int, _ caseID: String?, _ kept: [String], _ error: String, _ decisions: Int,
                         _ options: BatchRunner.Options, into out: inout GrowableBuffer<UInt8>) {
        let lead = [String(number), caseID.map(unquoted) ?? ""] + kept
        let blanks = options.output == .csvWide ? decisions : 6
        out.append(row(lead + Array(repeating: "", count: blanks) + [error]))
    }

    /// A case id as JSON text (`"P-1"` or `42`) without its quotes.
    static func unquoted(_ id: String) -> String {
        guard id.hasPrefix("\""), case .success(.string(let text)) = JSONReader.parse(id) else { return id }
        return text
    }

    /// One CSV line: a cell is quoted when it holds a comma, a quote, a line break or edge spaces.
    static func row(_ cells: [String]) -> String {
        var line = cells.map { cell -> String in
            let needsQuotes = cell.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" } || cell.first == " " || cell.last == " "
            return needsQuotes ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }.joined(separator: ",")
        line += "\n"
        return line
    }
}

/// Where in an input line a problem is: the column a statistician can find it at.
enum InputPosition {
    /// 1-based: for CSV, the number of the column of the fact the problem names; for JSON, the
    /// byte where that fact's key starts, or where the JSON reader stopped; else 1.
    static func column(of diagnostic: Diagnostic, in line: ArraySlice<UInt8>, header: CSVHeader?) -> Int {
        let fact = diagnostic.subject.flatMap { subject -> String? in
            let parts = subject.components(separatedBy: "`")
            return parts.count >= 3 ? parts[1] : nil
        }
        if let header, let fact, let index = header.names.firstIndex(of: fact) { return index + 1 }
        if let range = diagnostic.message.range(of: "at byte "), let byte = Int(diagnostic.message[range.upperBound...].prefix { $0.isNumber }) { return byte }
        if let fact {
            let key = Array("\"\(fact)\"".utf8)
            let bytes = Array(line)
            if key.count <= bytes.count {
                for start in 0...(bytes.count - key.count) where Array(bytes[start..<(start + key.count)]) == key { return start + 1 }
            }
        }
        return 1
    }

    /// The diagnostic as JSON with the input's file, line and column.
    static func json(_ diagnostic: Diagnostic, file: String?, line: Int, column: Int) -> JSONNode {
        guard case .object(let members) = DiagnosticRenderer.json(diagnostic, sources: SourceSet()) else { return .null }
        return .object(members.map { key, value in
            switch key {
            case "file": (key, file.map { .string($0) } ?? .null)
            case "line": (key, .number(String(line)))
            case "column": (key, .number(String(column)))
            default: (key, value)
            }
        })
    }
}

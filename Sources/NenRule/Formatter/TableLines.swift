/// Tables: `inputs`, then rows whose cells are padded so that every `|` and `=>` lines up.
extension FileLines {
    mutating func table(_ table: Table, _ blank: BlankRule) {
        header("table", table.header, at: table.span, blank)
        var inputs = builder(indent: Self.bodyIndent)
        inputs.add("inputs", tokens.before(table.inputs[0].span.start))
        inputs.list(table.inputs, level: 1)
        append(inputs, .never)

        var rows = table.rows.map(row)
        let widths = Self.columnWidths(rows)
        let pipes = widths.indices.map { column in
            Self.bodyIndent + widths[...column].reduce(0) { $0 + $1 + 3 }
        }
        let arrowColumn = (pipes.last ?? Self.bodyIndent) + 2
        for index in rows.indices {
            for (column, pipe) in rows[index].pipes.enumerated() {
                rows[index].builder.setJoin(.pad(pipes[column]), at: pipe)
            }
            rows[index].builder.setJoin(.pad(arrowColumn), at: rows[index].arrow)
            append(rows[index].builder, .keep)
        }
        if let otherwise = table.otherwise {
            var line = branch(otherwise)
            line.builder.setJoin(.pad(arrowColumn), at: line.anchor ?? 0)
            append(line.builder, .keep)
        }
        close(table.span)
    }

    /// A row being built: where its closing pipes and its `=>` are, and how wide its cells are.
    struct RowLine {
        var builder: LineBuilder
        var pipes: [Int] = []
        var cellWidths: [Int] = []
        var arrow = 0
    }

    private func row(_ row: Row) -> RowLine {
        var line = RowLine(builder: builder(indent: Self.bodyIndent))
        line.builder.keyword("|", after: row.span.start)
        // Cells never wrap: a break inside one would undo the columns.
        line.builder.limit = .max
        for cell in row.cells {
            let start = line.builder.pieces.count
            line.builder.cell(cell)
            line.cellWidths.append(line.builder.flatWidth(start..<line.builder.pieces.count))
            line.pipes.append(line.builder.keyword("|", after: cell.span.end))
        }
        line.builder.limit = Formatter.width
        line.arrow = line.builder.keyword("=>", after: line.builder.sourceEnd(of: line.pipes.last ?? 0))
        line.builder.results(row.results)
        for clause in Clause.inOrder(row.annotations, tokens: tokens) { line.builder.clause(clause, .annotation) }
        return line
    }

    private static func columnWidths(_ rows: [RowLine]) -> [Int] {
        var widths: [Int] = []
        for row in rows {
            for (column, width) in row.cellWidths.enumerated() {
                if column < widths.count { widths[column] = max(widths[column], width) } else { widths.append(width) }
            }
        }
        return widths
    }
}

extension Cell {
    var span: Span {
        switch self {
        case .any(let span), .compare(_, _, let span), .range(_, _, let span), .inSet(_, _, let span): span
        }
    }
}

extension LineBuilder {
    /// A cell as written, except that equality is the bare value.
    mutating func cell(_ cell: Cell) {
        switch cell {
        case .any(let span): add("-", span)
        case .compare(.eq, let value, _): self.value(value)
        case .compare(let op, let value, let span):
            keyword(op.rawValue, after: span.start)
            self.value(value)
        case .range(let low, let high, _):
            value(low)
            keyword("...", after: low.span.end)
            value(high)
        case .inSet(let values, let negated, let span):
            var next = span.start
            if negated { next = keywordEnd("not", after: next) }
            set(values, after: keywordEnd("in", after: next), closingBefore: span.end)
        }
    }
}

/// A deterministic, indented text form of the syntax tree, used as a golden-file oracle and by
/// the formatter's re-parse check. Spans are shown as `@line:col` when sources are given.
public struct ASTDump {
    let source: SourceFile?
    var out = ""
    var depth = 0

    public static func dump(_ ast: FileAST, source: SourceFile? = nil) -> String {
        var dumper = ASTDump(source: source)
        for item in ast.items { dumper.item(item) }
        for comment in ast.comments { dumper.line("comment\(dumper.at(comment.span))\(comment.trailing ? " trailing" : "") \(JSONWriter.quote(comment.text))") }
        return dumper.out
    }

    func at(_ span: Span) -> String {
        guard let source else { return "" }
        let (line, column) = source.location(of: span.start)
        return " @\(line):\(column)"
    }

    mutating func line(_ text: String) { out += String(repeating: "  ", count: depth) + text + "\n" }

    mutating func nested(_ header: String, _ body: (inout ASTDump) -> Void) {
        line(header)
        depth += 1
        body(&self)
        depth -= 1
    }

    mutating func item(_ item: Item) {
        switch item {
        case .guideline(let g):
            line("guideline\(at(g.span)) \(g.name.text) \(g.title.map { JSONWriter.quote($0.value) } ?? "-") version \(g.version.map { JSONWriter.quote($0.value) } ?? "-")")
        case .importFile(let path, let span): line("import\(at(span)) \(JSONWriter.quote(path.value))")
        case .fact(let f): fact(f)
        case .outcome(let o): line("outcome\(at(o.span)) \(o.name.text) \(o.label.map { JSONWriter.quote($0.value) } ?? "-")" + (o.finding != nil ? " finding" : ""))
        case .define(let d): nested("define\(at(d.span)) \(d.name.text)") { $0.expr(d.expr) }
        case .decision(let d):
            nested("decision\(at(d.span))") { dumper in
                dumper.header(d.header)
                for branch in d.branches { dumper.branch(branch) }
            }
        case .table(let t):
            nested("table\(at(t.span))") { dumper in
                dumper.header(t.header)
                dumper.line("inputs " + t.inputs.map(\.text).joined(separator: ", "))
                for row in t.rows {
                    dumper.nested("row\(dumper.at(row.span)) => \(dumper.results(row.results))") { d in
                        for cell in row.cells { d.line(d.cell(cell)) }
                        d.annotations(row.annotations)
                    }
                }
                if let otherwise = t.otherwise { dumper.branch(otherwise) }
            }
        case .criteria(let c):
            nested("criteria\(at(c.span))") { dumper in
                dumper.header(c.header)
                for criterion in c.criteria {
                    let label = criterion.label.map { " " + JSONWriter.quote($0.value) } ?? ""
                    dumper.nested("\(criterion.relative ? "relative" : "require")\(dumper.at(criterion.span))\(label)") { d in
                        d.expr(criterion.condition)
                        d.annotations(criterion.annotations)
                    }
                }
            }
        case .constraint(let c):
            nested("constraint\(at(c.span)) \(c.id.text) \(c.title.map { JSONWriter.quote($0.value) } ?? "-")") { dumper in
                dumper.annotations(c.annotations)
                dumper.expr(c.condition)
            }
        case .test(let t): test(t)
        }
    }

    mutating func fact(_ f: FactDecl) {
        var text = "fact\(at(f.span)) \(f.name.text): "
        switch f.type {
        case .bool: text += "bool"
        case .number: text += "number"
        case .enumeration(let members, let ordered, _): text += (ordered ? "ordered " : "") + "{ " + members.map(\.text).joined(separator: ", ") + " }"
        case .quantity(let dimension, let unit, _): text += dimension.text + (unit.map { " in \($0.text)" } ?? "")
        }
        if let equivalence = f.equivalence { text += " also \(quantity(equivalence.other)) = \(quantity(equivalence.declared))" }
        if let range = f.range {
            text += " range"
            if let low = range.low { text += " \(range.lowOp?.rawValue ?? "") \(quantity(low))" }
            if let high = range.high { text += " \(range.highOp?.rawValue ?? "") \(quantity(high))" }
        }
        if let description = f.description { text += " " + JSONWriter.quote(description.value) }
        if let by = f.derivedBy { text += " derived by \(by.text)" }
        if let between = f.between { text += " between \(between.from.text) and \(between.to.text)" }
        line(text)
    }

    mutating func header(_ h: DecisionHeader) {
        line("id \(h.id.text)" + (h.title.map { " " + JSONWriter.quote($0.value) } ?? ""))
        if let policy = h.policy { line("policy \(policy.text)") }
        if let applies = h.applies { nested("applies") { $0.expr(applies) } }
        annotations(h.annotations)
    }

    mutating func annotations(_ a: Annotations) {
        if !a.cites.isEmpty { line("cite " + a.cites.map { JSONWriter.quote($0.value) }.joined(separator: ", ")) }
        for note in a.notes { line("note " + JSONWriter.quote(note.value)) }
    }

    func results(_ results: [ResultSpec]) -> String {
        results.map { ($0.strength.map { $0.text + " " } ?? "") + $0.outcome.text }.joined(separator: ", ")
    }

    mutating func branch(_ b: Branch) {
        nested("\(b.condition == nil ? "otherwise" : "when")\(at(b.span)) => \(results(b.results))") { dumper in
            if let condition = b.condition { dumper.expr(condition) }
            dumper.annotations(b.annotations)
        }
    }

    func quantity(_ q: QuantityLiteral) -> String { q.text + (q.unit.map { " " + $0 } ?? "") }

    func value(_ v: Value) -> String {
        switch v {
        case .quantity(let q): quantity(q)
        case .name(let n): n.text
        case .boolean(let b, _): b ? "true" : "false"
        }
    }

    func cell(_ c: Cell) -> String {
        switch c {
        case .any: "-"
        case .compare(let op, let v, _): "\(op.rawValue) \(value(v))"
        case .range(let low, let high, _): "\(value(low)) ... \(value(high))"
        case .inSet(let values, let negated, _): (negated ? "not in " : "in ") + "{ " + values.map(value).joined(separator: ", ") + " }"
        }
    }

    mutating func expr(_ e: Expr) {
        switch e {
        case .boolean(let b, _): line(b ? "true" : "false")
        case .name(let n): line("name \(n.text)")
        case .known(let n, _): line("known \(n.text)")
        case .compare(let n, let op, let v, _): line("compare \(n.text) \(op.rawValue) \(value(v))")
        case .inSet(let n, let values, let negated, _):
            line("\(negated ? "not-in" : "in") \(n.text) { \(values.map(value).joined(separator: ", ")) }")
        case .inRange(let n, let low, let high, _): line("range \(n.text) \(value(low)) ... \(value(high))")
        case .not(let inner, _): nested("not") { $0.expr(inner) }
        case .and(let terms, _): nested("and") { d in for t in terms { d.expr(t) } }
        case .or(let terms, _): nested("or") { d in for t in terms { d.expr(t) } }
        case .parenthesized(let inner, _): nested("paren") { $0.expr(inner) }
        case .implies(let left, let right, _): nested("implies") { d in d.expr(left); d.expr(right) }
        case .iff(let left, let right, _): nested("iff") { d in d.expr(left); d.expr(right) }
        case .error: line("error")
        }
    }

    mutating func test(_ t: TestDecl) {
        nested("test\(at(t.span)) \(JSONWriter.quote(t.name.value))") { dumper in
            if let record = t.record { dumper.line("record \(JSONWriter.quote(record.value))") }
            dumper.line("given " + t.given.map { "\($0.fact.text) = \(dumper.value($0.value))" }.joined(separator: ", "))
            for expect in t.expects {
                let text: String
                switch expect.expectation {
                case .decided(let results):
                    text = "=> " + results.map { ($0.strength.map { $0.text + " " } ?? "") + $0.outcome.text }.joined(separator: ", ")
                case .notApplicable: text = "not_applicable"
                case .inconsistent(let constraint): text = "inconsistent" + (constraint.map { " " + $0.text } ?? "")
                case .undetermined(let outcomes, let needs):
                    text = "undetermined" + (outcomes.map { " => " + $0.map(\.text).joined(separator: ", ") } ?? "")
                        + (needs.map { " needs " + $0.map(\.text).joined(separator: ", ") } ?? "")
                }
                dumper.line("expect \(expect.decision.text) \(text)")
            }
            for clause in t.irrelevant { dumper.line("irrelevant " + clause.decisions.map(\.text).joined(separator: ", ")) }
        }
    }
}

/// In-language tests: `test "name" {`, a `given` line (a patient record first, when there is
/// one) that wraps after its commas, one line per `expect` and per `irrelevant`, in source order.
extension FileLines {
    mutating func test(_ test: TestDecl, _ blank: BlankRule) {
        var head = builder(indent: 0)
        head.keyword("test", after: test.span.start)
        head.add(quoted(test.name.value), test.name.span)
        let open = head.add("{", tokens.after(test.name.span.end), indent: .fixed(0))
        append(head, blank)

        var given = builder(indent: Self.bodyIndent)
        given.keyword("given", after: head.sourceEnd(of: open))
        if let record = test.record {
            given.add(quoted(record.value), record.span)
            if !test.given.isEmpty { given.keyword(",", after: record.span.end, .glued) }
        }
        given.list(test.given, first: test.record == nil ? .space : .soft(level: 1), level: 1) { line, assignment, join in
            line.add(assignment.fact.text, assignment.fact.span, join)
            line.keyword("=", after: assignment.fact.span.end)
            line.value(assignment.value)
        }
        append(given, .never)

        var clauses = test.irrelevant[...]
        for expect in test.expects {
            while let clause = clauses.first, clause.span.start < expect.span.start { irrelevant(clauses.removeFirst()) }
            self.expect(expect)
        }
        for clause in clauses { irrelevant(clause) }
        close(test.span)
    }

    /// `irrelevant a, b`, wrapping after its commas.
    private mutating func irrelevant(_ clause: Irrelevant) {
        var line = builder(indent: Self.bodyIndent)
        line.keyword("irrelevant", after: clause.span.start)
        line.list(clause.decisions, level: 1) { line, name, join in line.qualifiedName(name, join) }
        append(line, .keep)
    }

    /// `expect id => a, b`, `expect id undetermined => a needs f`, `expect id not_applicable`.
    private mutating func expect(_ expect: Expect) {
        var line = builder(indent: Self.bodyIndent)
        let expectWord = line.keyword("expect", after: expect.span.start)
        if case .inconsistent(let constraint) = expect.expectation {
            line.keyword("inconsistent", after: line.sourceEnd(of: expectWord))
            if let constraint { line.qualifiedName(constraint) }
            append(line, .keep)
            return
        }
        let id = line.qualifiedName(expect.decision)
        let afterId = expect.decision.span.end
        switch expect.expectation {
        case .decided(let results):
            line.keyword("=>", after: afterId)
            line.results(results)
        case .undetermined(let outcomes, let needs):
            line.keyword("undetermined", after: afterId)
            if let outcomes {
                line.add("=>", tokens.before(outcomes[0].span.start))
                line.list(outcomes, level: 1)
            }
            if let needs {
                line.add("needs", tokens.before(needs[0].span.start), .soft(level: 0), indent: .alignedWith(id))
                line.list(needs, level: 1)
            }
        case .notApplicable:
            line.keyword("not_applicable", after: afterId)
        case .inconsistent: break
        }
        append(line, .keep)
    }
}

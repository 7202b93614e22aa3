/// Decisions and criteria sets: a header (`decision id "title"`, then one clause per line), a
/// braced body of two-space-indented lines whose `=>` (or label) share a column.
extension FileLines {
    /// Indent of a body's lines.
    static let bodyIndent = 2
    /// Where a branch's condition and annotations continue: under the condition, after `when `.
    static let branchContinuation = bodyIndent + 5

    mutating func decision(_ decision: Decision, _ blank: BlankRule) {
        header("decision", decision.header, at: decision.span, blank)
        var branches = decision.branches.map(branch)
        Alignment.wrapping(&branches)
        for line in branches { append(line.builder, .keep) }
        close(decision.span)
    }

    mutating func criteria(_ criteria: Criteria, _ blank: BlankRule) {
        header("criteria", criteria.header, at: criteria.span, blank)
        var lines = criteria.criteria.map(criterion)
        Alignment.wrapping(&lines)
        for line in lines { append(line.builder, .keep) }
        close(criteria.span)
    }

    /// `constraint id "title"`, its clauses, and the condition on a line of its own in braces.
    mutating func constraint(_ constraint: ConstraintDecl, _ blank: BlankRule) {
        let header = DecisionHeader(id: constraint.id, title: constraint.title, annotations: constraint.annotations)
        self.header("constraint", header, at: constraint.span, blank)
        var line = builder(indent: Self.bodyIndent, continuation: Self.bodyIndent + 2)
        line.condition(constraint.condition, .space)
        append(line, .keep)
        close(constraint.span)
    }

    /// `decision id "title"`, its clauses one per line, and `{` on a line of its own; without
    /// clauses, `decision id "title" {`.
    mutating func header(_ keyword: String, _ header: DecisionHeader, at span: Span, _ blank: BlankRule) {
        var first = builder(indent: 0)
        first.keyword(keyword, after: span.start)
        first.qualifiedName(header.id)
        if let title = header.title { first.add(quoted(title.value), title.span) }
        var end = first.sourceEnd(of: first.pieces.count - 1)
        let clauses = Clause.inOrder(header.annotations, applies: header.applies, policy: header.policy, tokens: tokens)
        if clauses.isEmpty {
            first.add("{", tokens.after(end), indent: .fixed(0))
            append(first, blank)
            return
        }
        append(first, blank)
        for clause in clauses {
            var line = builder(indent: Self.bodyIndent)
            line.clause(clause, .space)
            end = line.sourceEnd(of: line.pieces.count - 1)
            append(line, .never)
        }
        var open = builder(indent: 0)
        open.keyword("{", after: end)
        append(open, .never, commentIndent: Self.bodyIndent)
    }

    /// `when condition => results annotations`, or `otherwise => ...`.
    func branch(_ branch: Branch) -> AlignedLine {
        var line = builder(indent: Self.bodyIndent, continuation: Self.branchContinuation)
        let head = line.keyword(branch.condition == nil ? "otherwise" : "when", after: branch.span.start)
        if let condition = branch.condition { line.condition(condition, .space) }
        let arrow = line.keyword("=>", after: branch.condition?.span.end ?? line.sourceEnd(of: head))
        line.results(branch.results)
        let tailEnd = line.pieces.count
        for clause in Clause.inOrder(branch.annotations, tokens: tokens) { line.clause(clause, .annotation) }
        return AlignedLine(line, anchor: arrow, tailEnd: tailEnd, condition: 1..<arrow)
    }

    /// `require condition "label" annotations`.
    private func criterion(_ criterion: Criterion) -> AlignedLine {
        var line = builder(indent: Self.bodyIndent)
        line.keyword(criterion.relative ? "relative" : "require", after: criterion.span.start)
        line.condition(criterion.condition, .space)
        let conditionEnd = line.pieces.count
        let anchor = criterion.label.map { line.add(quoted($0.value), $0.span) }
        let tailEnd = line.pieces.count
        for clause in Clause.inOrder(criterion.annotations, tokens: tokens) { line.clause(clause, .annotation) }
        return AlignedLine(line, anchor: anchor, tailEnd: tailEnd, condition: 1..<conditionEnd)
    }
}

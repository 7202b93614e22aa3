/// `guideline`, `import`, `fact`, `outcome` and `define`: one logical line each.
extension FileLines {
    mutating func guideline(_ guideline: GuidelineDecl, _ blank: BlankRule) {
        var line = builder(indent: 0)
        line.keyword("guideline", after: guideline.span.start)
        line.add(guideline.name.text, guideline.name.span)
        if let title = guideline.title { line.add(quoted(title.value), title.span) }
        if let version = guideline.version {
            line.add("version", tokens.before(version.span.start))
            line.add(quoted(version.value), version.span)
        }
        append(line, blank)
    }

    mutating func importFile(_ path: StringLiteral, _ span: Span, _ blank: BlankRule) {
        var line = builder(indent: 0)
        line.keyword("import", after: span.start)
        line.add(quoted(path.value), path.span)
        append(line, blank)
    }

    mutating func define(_ define: DefineDecl, _ blank: BlankRule) {
        var line = builder(indent: 0)
        line.keyword("define", after: define.span.start)
        line.add(define.name.text, define.name.span)
        line.keyword("=", after: define.name.span.end)
        line.condition(define.expr, .space)
        append(line, blank)
    }

    /// Facts or outcomes written without a blank line between them: descriptions and labels
    /// line up where they fit.
    mutating func declarationRun(_ items: ArraySlice<Item>, _ blank: BlankRule) {
        var run: [AlignedLine] = items.map { item in
            switch item {
            case .fact(let fact): self.fact(fact)
            case .outcome(let outcome): self.outcome(outcome)
            default: preconditionFailure("a run holds only facts and outcomes")
            }
        }
        Alignment.fitting(&run)
        for (position, line) in run.enumerated() {
            append(line.builder, position == 0 ? blank : .keep)
        }
    }

    /// The text after the head (a description or label) starts a line of its own when it does
    /// not fit beside the head.
    private static let tailJoin = Join.soft(level: 0)

    private func outcome(_ outcome: OutcomeDecl) -> AlignedLine {
        var line = builder(indent: 0)
        line.keyword("outcome", after: outcome.span.start)
        line.add(outcome.name.text, outcome.name.span)
        let anchor = outcome.label.map { line.add(quoted($0.value), $0.span, Self.tailJoin) }
        if let finding = outcome.finding { line.add("finding", finding) }
        return AlignedLine(line, anchor: anchor, tailEnd: line.pieces.count)
    }

    private func fact(_ fact: FactDecl) -> AlignedLine {
        var line = builder(indent: 0)
        line.keyword("fact", after: fact.span.start)
        line.add(fact.name.text, fact.name.span)
        line.keyword(":", after: fact.name.span.end, .glued)
        line.factType(fact.type)
        if let equivalence = fact.equivalence {
            line.keyword("also", after: equivalence.span.start)
            line.quantity(equivalence.other)
            line.keyword("=", after: equivalence.other.span.end)
            line.quantity(equivalence.declared)
        }
        if let range = fact.range { line.range(range) }
        let anchor = fact.description.map { line.add(quoted($0.value), $0.span, Self.tailJoin) }
        let tailEnd = line.pieces.count
        if let derivedBy = fact.derivedBy {
            let by = tokens.before(derivedBy.span.start)
            line.add("derived", tokens.before(by.lowerBound), Self.tailJoin)
            line.add("by", by)
            line.qualifiedName(derivedBy)
        }
        if let between = fact.between {
            line.add("between", tokens.before(between.from.span.start), Self.tailJoin)
            line.add(between.from.text, between.from.span)
            line.add("and", tokens.before(between.to.span.start))
            line.add(between.to.text, between.to.span)
        }
        return AlignedLine(line, anchor: anchor, tailEnd: tailEnd)
    }
}

extension LineBuilder {
    mutating func factType(_ type: FactTypeSyntax) {
        switch type {
        case .bool(let span): add("bool", span)
        case .number(let span): add("number", span)
        case .enumeration(let members, let ordered, let span):
            var next = span.start
            if ordered { next = keywordEnd("ordered", after: span.start) }
            keyword("{", after: next)
            list(members, level: 1)
            add("}", tokens.before(span.end))
        case .quantity(let dimension, let unit, _):
            add(dimension.text, dimension.span)
            if let unit {
                keyword("in", after: dimension.span.end)
                add(unit.text, unit.span)
            }
        }
    }

    /// `range 0 % ... 100 %` or a one-sided `range >= 0`.
    mutating func range(_ range: RangeSyntax) {
        let keywordEnd = keywordEnd("range", after: range.span.start)
        switch (range.low, range.high) {
        case (let low?, let high?):
            quantity(low)
            keyword("...", after: low.span.end)
            quantity(high)
        case (let low?, nil):
            keyword((range.lowOp ?? .ge).rawValue, after: keywordEnd)
            quantity(low)
        case (nil, let high?):
            keyword((range.highOp ?? .le).rawValue, after: keywordEnd)
            quantity(high)
        case (nil, nil):
            break
        }
    }
}

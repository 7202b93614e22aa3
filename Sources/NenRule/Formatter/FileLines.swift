/// Turns a file's items into logical lines, item by item, with the blank-line rule between
/// items: one blank line around decisions, tables, criteria and tests; the author's grouping
/// (blank line or none) between declarations.
struct FileLines {
    let tokens: SourceTokens
    private(set) var lines: [LogicalLine] = []

    init(_ tokens: SourceTokens) { self.tokens = tokens }

    /// A builder for one line at `indent`; `continuation` is where its wrapped lines start.
    func builder(indent: Int, continuation: Int? = nil) -> LineBuilder {
        LineBuilder(tokens, indent: indent, continuation: continuation)
    }

    mutating func append(_ builder: LineBuilder, _ blank: BlankRule, commentIndent: Int? = nil) {
        lines.append(builder.line(blank, commentIndent: commentIndent))
    }

    /// Adds the lines of every item, in order.
    mutating func add(_ items: [Item]) {
        var index = 0
        while index < items.count {
            let blank: BlankRule = index > 0 && (items[index].isBlock || items[index - 1].isBlock) ? .always : .keep
            let run = runEnd(items, from: index)
            if items[index].isAlignedDeclaration {
                declarationRun(items[index..<run], blank)
            } else {
                item(items[index], blank)
            }
            index = run
        }
    }

    /// The end of the run of facts (or of outcomes) starting at `start` that no blank line breaks.
    private func runEnd(_ items: [Item], from start: Int) -> Int {
        var end = start + 1
        while end < items.count, items[end].isAlignedDeclaration, items[end].kind == items[start].kind,
              !tokens.blankLine(between: items[end - 1].span.end, and: items[end].span.start) {
            end += 1
        }
        return items[start].isAlignedDeclaration ? end : start + 1
    }

    private mutating func item(_ item: Item, _ blank: BlankRule) {
        switch item {
        case .guideline(let guideline): self.guideline(guideline, blank)
        case .importFile(let path, let span): importFile(path, span, blank)
        case .fact, .outcome: declarationRun([item][...], blank)
        case .define(let define): self.define(define, blank)
        case .decision(let decision): self.decision(decision, blank)
        case .table(let table): self.table(table, blank)
        case .criteria(let criteria): self.criteria(criteria, blank)
        case .constraint(let constraint): self.constraint(constraint, blank)
        case .test(let test): self.test(test, blank)
        }
    }

    /// `}` closing an item: own-line comments before it stay in the body.
    mutating func close(_ span: Span) {
        var line = builder(indent: 0)
        line.add("}", tokens.before(span.end))
        append(line, .never, commentIndent: 2)
    }
}

extension Item {
    /// Items with a braced body, always set off by blank lines.
    var isBlock: Bool {
        switch self {
        case .decision, .table, .criteria, .constraint, .test: true
        case .guideline, .importFile, .fact, .outcome, .define: false
        }
    }

    /// Facts and outcomes: their descriptions and labels line up within a run.
    var isAlignedDeclaration: Bool {
        switch self {
        case .fact, .outcome: true
        default: false
        }
    }

    var kind: String {
        switch self {
        case .guideline: "guideline"
        case .importFile: "import"
        case .fact: "fact"
        case .outcome: "outcome"
        case .define: "define"
        case .decision: "decision"
        case .table: "table"
        case .criteria: "criteria"
        case .constraint: "constraint"
        case .test: "test"
        }
    }
}

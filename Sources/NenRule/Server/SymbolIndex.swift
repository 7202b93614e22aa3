/// Every name in the parsed files with what it names: the map behind hover, go to definition,
/// references, rename and symbols. Built from syntax trees and the declarations they hold, so
/// it answers while a file has type errors; only a syntax error hides that file's names.
struct SymbolIndex {
    enum Kind: String, Sendable {
        case fact, member, outcome, define, decision, constraint, test
    }

    /// What a name names: a member is keyed by its fact too.
    struct Key: Hashable, Sendable {
        var kind: Kind
        var name: String
        var fact: String? = nil
    }

    struct Occurrence: Sendable {
        var key: Key
        var span: Span
        var isDeclaration: Bool
    }

    private(set) var occurrences: [Occurrence] = []
    /// Enum facts' members and booleans, by fact name.
    private(set) var members: [String: [String]] = [:]
    private(set) var outcomes: Set<String> = []
    private(set) var defines: Set<String> = []
    /// The fact each deriving decision derives.
    private(set) var derives: [String: String] = [:]

    init(_ files: [FileAST]) {
        for file in files { declare(file) }
        for file in files { for item in file.items { index(item) } }
    }

    /// The occurrence whose span holds `offset` in `file` (the innermost, ties to the latest).
    func occurrence(file: Int, offset: Int) -> Occurrence? {
        occurrences.filter { $0.span.file == file && $0.span.start <= offset && offset <= $0.span.end }
            .min { $0.span.end - $0.span.start < $1.span.end - $1.span.start }
    }

    func occurrences(of key: Key) -> [Occurrence] { occurrences.filter { $0.key == key } }

    func declarations(of key: Key) -> [Occurrence] { occurrences(of: key).filter(\.isDeclaration) }

    // MARK: - Declarations first: resolving a name needs every file's.

    private mutating func declare(_ file: FileAST) {
        for item in file.items {
            switch item {
            case .fact(let fact):
                if case .enumeration(let names, _, _) = fact.type { members[fact.name.text] = names.map(\.text) }
                if let by = fact.derivedBy { derives[by.text] = fact.name.text }
            case .outcome(let outcome): outcomes.insert(outcome.name.text)
            case .define(let define): defines.insert(define.name.text)
            default: break
            }
        }
    }

    private mutating func add(_ kind: Kind, _ name: Name, declares: Bool = false, fact: String? = nil) {
        guard name.span != .none else { return }
        occurrences.append(Occurrence(key: Key(kind: kind, name: name.text, fact: fact), span: name.span, isDeclaration: declares))
    }

    private mutating func index(_ item: Item) {
        switch item {
        case .fact(let fact):
            add(.fact, fact.name, declares: true)
            if case .enumeration(let names, _, _) = fact.type { for name in names { add(.member, name, declares: true, fact: fact.name.text) } }
            if let by = fact.derivedBy { add(.decision, by) }
        case .outcome(let outcome): add(.outcome, outcome.name, declares: true)
        case .define(let define):
            add(.define, define.name, declares: true)
            expression(define.expr)
        case .decision(let decision):
            header(decision.header)
            for branch in decision.branches {
                if let condition = branch.condition { expression(condition) }
                results(branch.results, of: decision.header.id.text)
            }
        case .table(let table):
            header(table.header)
            for input in table.inputs { add(.fact, input) }
            for row in table.rows {
                for (column, cell) in row.cells.enumerated() where column < table.inputs.count { self.cell(cell, fact: table.inputs[column].text) }
                results(row.results, of: table.header.id.text)
            }
            if let otherwise = table.otherwise { results(otherwise.results, of: table.header.id.text) }
        case .criteria(let criteria):
            header(criteria.header)
            for criterion in criteria.criteria { expression(criterion.condition) }
        case .constraint(let constraint):
            add(.constraint, constraint.id, declares: true)
            expression(constraint.condition)
        case .test(let test): self.test(test)
        case .guideline, .importFile: break
        }
    }

    private mutating func header(_ header: DecisionHeader) {
        add(.decision, header.id, declares: true)
        if let applies = header.applies { expression(applies) }
    }

    /// A result names an outcome, or a member of the fact its decision derives.
    private mutating func results(_ results: [ResultSpec], of decision: String) {
        for result in results { self.result(result.outcome, of: decision) }
    }

    private mutating func result(_ name: Name, of decision: String) {
        if let fact = derives[decision], members[fact]?.contains(name.text) == true, !outcomes.contains(name.text) {
            add(.member, name, fact: fact)
        } else {
            add(.outcome, name)
        }
    }

    private mutating func value(_ value: Value, fact: String) {
        if case .name(let name) = value, members[fact]?.contains(name.text) ?? true { add(.member, name, fact: fact) }
    }

    private mutating func cell(_ cell: Cell, fact: String) {
        switch cell {
        case .any: break
        case .compare(_, let value, _): self.value(value, fact: fact)
        case .range(let low, let high, _): self.value(low, fact: fact); self.value(high, fact: fact)
        case .inSet(let values, _, _): for value in values { self.value(value, fact: fact) }
        }
    }

    private mutating func expression(_ expr: Expr) {
        switch expr {
        case .boolean, .error: break
        case .name(let name): add(defines.contains(name.text) ? .define : .fact, name)
        case .known(let name, _): add(.fact, name)
        case .compare(let name, _, let value, _):
            add(.fact, name)
            self.value(value, fact: name.text)
        case .inSet(let name, let values, _, _):
            add(.fact, name)
            for value in values { self.value(value, fact: name.text) }
        case .inRange(let name, let low, let high, _):
            add(.fact, name)
            self.value(low, fact: name.text)
            self.value(high, fact: name.text)
        case .not(let inner, _), .parenthesized(let inner, _): expression(inner)
        case .and(let terms, _), .or(let terms, _): for term in terms { expression(term) }
        case .implies(let left, let right, _), .iff(let left, let right, _):
            expression(left)
            expression(right)
        }
    }

    private mutating func test(_ test: TestDecl) {
        occurrences.append(Occurrence(key: Key(kind: .test, name: test.name.value), span: test.name.span, isDeclaration: true))
        for assignment in test.given {
            add(.fact, assignment.fact)
            value(assignment.value, fact: assignment.fact.text)
        }
        for expect in test.expects {
            switch expect.expectation {
            case .decided(let results):
                add(.decision, expect.decision)
                self.results(results, of: expect.decision.text)
            case .undetermined(let outcomes, let needs):
                add(.decision, expect.decision)
                for outcome in outcomes ?? [] { result(outcome, of: expect.decision.text) }
                for fact in needs ?? [] { add(.fact, fact) }
            case .notApplicable: add(.decision, expect.decision)
            case .inconsistent(let constraint): if let constraint { add(.constraint, constraint) }
            }
        }
        for clause in test.irrelevant { for decision in clause.decisions { add(.decision, decision) } }
    }
}

/// Checking of decisions, tables and criteria sets, and of the derivations between them.
extension Checker {
    mutating func declareDecisions(_ items: [Item]) {
        for item in items {
            guard let (header, kind, span) = decisionParts(item) else { continue }
            if let existing = decisionByID[header.id.text] {
                reportDuplicate("decision", header.id, first: model.decisions[existing].idSpan)
                continue
            }
            decisionByID[header.id.text] = model.decisions.count
            model.decisions.append(CheckedDecision(
                id: header.id.text, title: header.title?.value, kind: kind, policy: .first, applies: nil,
                cites: header.annotations.cites.map(\.value), notes: header.annotations.notes.map(\.value),
                branches: [], otherwise: nil, outputs: kind == .criteria ? .criteria : .outcomes,
                span: span, idSpan: header.id.span))
        }
    }

    func decisionParts(_ item: Item) -> (DecisionHeader, DecisionKind, Span)? {
        switch item {
        case .decision(let d): (d.header, .decision, d.span)
        case .table(let t): (t.header, .table, t.span)
        case .criteria(let c): (c.header, .criteria, c.span)
        default: nil
        }
    }

    mutating func lookupDecision(_ name: Name) -> Int? {
        if let index = decisionByID[name.text] { return index }
        report(.error("unknown-decision", "unknown decision `\(name.text)`", at: name.span,
                      help: Suggestion.help(for: name.text, in: decisionByID.keys)))
        return nil
    }

    /// `fact x: {...} derived by D`: D's outputs become the members of x.
    mutating func resolveDerivation(_ decl: FactDecl) {
        guard let by = decl.derivedBy, let fact = factByName[decl.name.text],
              model.facts[fact].span == decl.name.span, let decision = lookupDecision(by) else { return }
        guard case .enumeration = model.facts[fact].type else {
            report(.error("derived-type", "only enumerations can be derived; `\(decl.name.text)` is \(model.facts[fact].typeNoun)", at: by.span))
            return
        }
        if case .members(let other) = model.decisions[decision].outputs {
            report(.error("derived-twice", "`\(by.text)` already derives `\(model.facts[other].name)`", at: by.span))
            return
        }
        guard model.decisions[decision].kind != .criteria else {
            report(.error("derived-type", "a criteria set answers met/not_met and cannot derive `\(decl.name.text)`", at: by.span))
            return
        }
        model.facts[fact].derivedBy = decision
        model.decisions[decision].outputs = .members(fact: fact)
    }

    mutating func checkDecisions(_ items: [Item]) {
        for item in items {
            guard let (header, _, span) = decisionParts(item), let index = decisionByID[header.id.text],
                  model.decisions[index].span == span else { continue }
            checkHeader(header, index)
            switch item {
            case .decision(let decision): checkBranches(decision.branches, index)
            case .table(let table): checkTable(table, index)
            case .criteria(let criteria): checkCriteria(criteria, index)
            default: break
            }
        }
    }

    mutating func checkHeader(_ header: DecisionHeader, _ index: Int) {
        model.decisions[index].applies = header.applies.map { resolve($0) }
        guard let policyName = header.policy else { return }
        guard let policy = Policy(rawValue: policyName.text) else {
            report(.error("unknown-policy", "unknown hit policy `\(policyName.text)`", at: policyName.span,
                          help: Suggestion.help(for: policyName.text, in: Policy.allCases.map(\.rawValue))
                            ?? "use `first`, `unique`, `collect` or `highest`"))
            return
        }
        if model.decisions[index].kind == .criteria {
            report(.error("unknown-policy", "a criteria set takes no hit policy", at: policyName.span))
            return
        }
        model.decisions[index].policy = policy
    }

    mutating func checkBranches(_ branches: [Branch], _ index: Int) {
        for (position, branch) in branches.enumerated() {
            let checked = checkBranch(branch, condition: branch.condition.map { resolve($0) } ?? .constant(true), index)
            if branch.condition != nil {
                model.decisions[index].branches.append(checked)
                continue
            }
            if model.decisions[index].otherwise != nil {
                report(.error("otherwise", "a decision has at most one `otherwise`", at: branch.span))
            } else if position != branches.count - 1 {
                report(.error("otherwise", "`otherwise` must be the last branch", at: branch.span,
                              help: "branches after it could never be taken; move it to the end"))
            }
            model.decisions[index].otherwise = checked
        }
    }

    mutating func checkBranch(_ branch: Branch, condition: Condition, _ index: Int) -> CheckedBranch {
        let results = branch.results.compactMap { result -> CheckedResult? in
            guard let output = resolveOutput(result.outcome, index) else { return nil }
            return CheckedResult(strength: result.strength.flatMap { Strength(rawValue: $0.text) }, output: output)
        }
        return CheckedBranch(condition: condition, results: results, cites: branch.annotations.cites.map(\.value),
                             notes: branch.annotations.notes.map(\.value), span: branch.span)
    }

    /// An outcome name in the decision's output space.
    mutating func resolveOutput(_ name: Name, _ index: Int) -> Int? {
        let decision = model.decisions[index]
        switch decision.outputs {
        case .outcomes, .criteria:
            if let outcome = outcomeByName[name.text] { return outcome }
            report(.error("unknown-outcome", "unknown outcome `\(name.text)`", at: name.span,
                          help: Suggestion.help(for: name.text, in: outcomeByName.keys) ?? "declare it with `outcome \(name.text) \"...\"`"))
        case .members(let fact):
            let members = model.outputNames(index)
            if let member = members.firstIndex(of: name.text) { return member }
            report(.error("unknown-member", "`\(name.text)` is not a member of `\(model.facts[fact].name)`, which `\(decision.id)` derives",
                          at: name.span, help: Suggestion.help(for: name.text, in: members)))
        }
        return nil
    }

    mutating func checkTable(_ table: Table, _ index: Int) {
        let inputs = table.inputs.map { lookupFact($0) }
        for row in table.rows {
            guard row.cells.count == inputs.count else {
                report(.error("table-shape", "row has \(row.cells.count) cells but the table has \(inputs.count) inputs", at: row.span))
                continue
            }
            let terms = zip(inputs, row.cells).compactMap { fact, cell in fact.flatMap { cellCondition($0, cell) } }
            let condition: Condition = terms.isEmpty ? .constant(true) : terms.count == 1 ? terms[0] : .and(terms)
            let branch = Branch(condition: nil, results: row.results, annotations: row.annotations, span: row.span)
            model.decisions[index].branches.append(checkBranch(branch, condition: condition, index))
        }
        if let otherwise = table.otherwise {
            model.decisions[index].otherwise = checkBranch(otherwise, condition: .constant(true), index)
        }
    }

    /// The condition a cell puts on its column; nil for `-`.
    mutating func cellCondition(_ fact: Int, _ cell: Cell) -> Condition? {
        switch cell {
        case .any: return nil
        case .compare(let op, let value, _): return resolveCompare(fact, op, value)
        case .range(let low, let high, let span): return resolveRange(fact, low, high, span)
        case .inSet(let values, let negated, _):
            let condition = resolveSet(fact, values)
            return negated ? .not(condition) : condition
        }
    }

    mutating func checkCriteria(_ criteria: Criteria, _ index: Int) {
        for criterion in criteria.criteria {
            model.decisions[index].branches.append(CheckedBranch(
                condition: resolve(criterion.condition), results: [], cites: criterion.annotations.cites.map(\.value),
                notes: criterion.annotations.notes.map(\.value), relative: criterion.relative,
                label: criterion.label?.value, span: criterion.span))
        }
        if criteria.criteria.isEmpty {
            report(.warning("empty-criteria", "criteria set `\(criteria.header.id.text)` has no criteria", at: criteria.header.id.span))
        }
    }

    /// Decisions read derived facts, whose decisions read others: that graph must be acyclic.
    mutating func reportDerivationCycles() {
        var state = [UInt8](repeating: 0, count: model.decisions.count)  // 0 new, 1 on stack, 2 done
        var stack: [Int] = []
        func visit(_ decision: Int, _ checker: inout Checker) {
            state[decision] = 1
            stack.append(decision)
            for next in checker.derivationDependencies(of: decision) {
                if state[next] == 1 {
                    let cycle = stack[stack.firstIndex(of: next)!...] + [next]
                    let chain = cycle.map { "`\(checker.model.decisions[$0].id)`" }.joined(separator: " -> ")
                    checker.report(Diagnostic(.error, "cycle", "derived facts form a cycle through `\(checker.model.decisions[next].id)`",
                                              at: checker.model.decisions[next].idSpan, notes: ["cycle: \(chain)"],
                                              help: "a decision cannot depend, through derived facts, on what it derives"))
                } else if state[next] == 0 {
                    visit(next, &checker)
                }
            }
            stack.removeLast()
            state[decision] = 2
        }
        for decision in model.decisions.indices where state[decision] == 0 { visit(decision, &self) }
    }

    /// The decisions whose derived facts `decision` reads.
    func derivationDependencies(of decision: Int) -> [Int] {
        let d = model.decisions[decision]
        var facts: [Int] = []
        d.applies?.collectFacts(into: &facts)
        for branch in d.branches { branch.condition.collectFacts(into: &facts) }
        return facts.compactMap { model.facts[$0].derivedBy }
    }

    mutating func checkTest(_ test: TestDecl) {
        var checked = CheckedTest(name: test.name.value, given: [], expects: [], record: test.record?.value, givenSpan: test.givenSpan, span: test.span)
        let before = diagnostics.count
        checkGiven(test.recordGiven, into: &checked, overriding: false)
        if let record = test.record {
            for index in before..<diagnostics.count { diagnostics[index].notes.append("in patient record `\(record.value)`") }
        }
        checkGiven(test.given, into: &checked, overriding: true)
        for clause in test.irrelevant {
            for name in clause.decisions {
                guard let decision = lookupDecision(name) else { continue }
                if checked.irrelevant.contains(where: { $0.decision == decision }) {
                    report(.error("duplicate", "`\(name.text)` is marked irrelevant twice", at: name.span))
                }
                checked.irrelevant.append((decision, name.span))
            }
        }
        for expect in test.expects {
            if case .inconsistent(let name) = expect.expectation {
                let constraint = name.flatMap { lookupConstraint($0) }
                checked.expects.append(CheckedExpect(decision: -1, constraint: constraint, expectation: expect.expectation, span: expect.span))
                continue
            }
            guard let decision = lookupDecision(expect.decision) else { continue }
            var names: [Name] = []
            switch expect.expectation {
            case .decided(let results): names = results.map(\.outcome)
            case .undetermined(let outcomes, let needs):
                names = outcomes ?? []
                for fact in needs ?? [] { _ = lookupFact(fact) }
            case .notApplicable, .inconsistent: break
            }
            for name in names where !isOutput(name.text, of: decision) {
                report(.error("unknown-outcome", "`\(name.text)` is not an outcome of `\(model.decisions[decision].id)`", at: name.span,
                              help: Suggestion.help(for: name.text, in: model.outputNames(decision))))
            }
            checked.expects.append(CheckedExpect(decision: decision, constraint: nil, expectation: expect.expectation, span: expect.span))
        }
        if test.expects.isEmpty {
            report(Diagnostic(.error, "empty-test", "test \(JSONWriter.quote(test.name.value)) expects nothing, so it cannot fail", at: test.name.span,
                              help: "add `expect <decision> => <outcome>` (or `undetermined`, `not_applicable`, `inconsistent`)"))
        }
        model.tests.append(checked)
    }

    /// Types a test's facts. A `given` assignment replaces the record's value of the same fact
    /// (a record read a step later in care); within one list a fact given twice is an error.
    mutating func checkGiven(_ assignments: [Assignment], into checked: inout CheckedTest, overriding: Bool) {
        var fromRecord = checked.given.count
        for assignment in assignments {
            guard let fact = lookupFact(assignment.fact) else { continue }
            if let index = checked.given.firstIndex(where: { $0.fact == fact }) {
                if overriding && index < fromRecord {
                    checked.given.remove(at: index)
                    fromRecord -= 1
                } else {
                    report(.error("duplicate", "`\(assignment.fact.text)` is given twice", at: assignment.fact.span))
                }
            }
            guard let value = literal(assignment.value, for: fact) else { continue }
            checked.given.append(CheckedGiven(fact: fact, value: value, span: assignment.fact.span.merged(with: assignment.value.span)))
        }
    }
}

extension Checker {
    /// Whether `name` is among a decision's outputs (outcomes by the declarations' index, which a
    /// rule set with hundreds of outcomes and tests looks up thousands of times).
    func isOutput(_ name: String, of decision: Int) -> Bool {
        if case .outcomes = model.decisions[decision].outputs { return outcomeByName[name] != nil }
        return model.outputNames(decision).contains(name)
    }
}

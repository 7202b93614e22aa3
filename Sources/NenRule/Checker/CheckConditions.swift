/// Resolution and type checking of conditions.
extension Checker {
    /// Resolves an expression to a condition; after an error it yields `false` so checking goes on.
    mutating func resolve(_ expr: Expr) -> Condition {
        switch expr {
        case .boolean(let value, _): return .constant(value)
        case .parenthesized(let inner, _): return resolve(inner)
        case .not(let inner, _): return .not(resolve(inner))
        case .and(let terms, _): return .and(terms.map { resolve($0) })
        case .or(let terms, _): return .or(terms.map { resolve($0) })
        case .implies(let left, let right, _): return .or([.not(resolve(left)), resolve(right)])
        case .iff(let left, let right, _):
            let (a, b) = (resolve(left), resolve(right))
            return .or([.and([a, b]), .and([.not(a), .not(b)])])
        case .error: return .constant(false)
        case .name(let name): return resolveName(name)
        case .known(let name, _):
            guard let fact = lookupFact(name) else { return .constant(false) }
            return .known(fact: fact)
        case .compare(let name, let op, let value, _):
            guard let fact = lookupFact(name) else { return .constant(false) }
            return resolveCompare(fact, op, value)
        case .inSet(let name, let values, let negated, _):
            guard let fact = lookupFact(name) else { return .constant(false) }
            let condition = resolveSet(fact, values)
            return negated ? .not(condition) : condition
        case .inRange(let name, let low, let high, let span):
            guard let fact = lookupFact(name) else { return .constant(false) }
            return resolveRange(fact, low, high, span)
        }
    }

    /// A bare name: a boolean fact or a define.
    mutating func resolveName(_ name: Name) -> Condition {
        if defineSyntax[name.text] != nil {
            usedDefines.insert(name.text)
            return resolveDefine(name.text, at: name.span) ?? .constant(false)
        }
        guard let fact = factByName[name.text] else {
            let candidates = Array(factByName.keys) + Array(defineSyntax.keys)
            report(.error("unknown-name", "unknown fact or condition `\(name.text)`", at: name.span,
                          help: Suggestion.help(for: name.text, in: candidates)))
            return .constant(false)
        }
        guard model.facts[fact].type == .bool else {
            report(.error("type-mismatch", "`\(name.text)` is \(model.facts[fact].typeNoun), not a condition", at: name.span,
                          help: "compare it, for example `\(name.text) == ...`"))
            return .constant(false)
        }
        return .isTrue(fact: fact)
    }

    mutating func lookupFact(_ name: Name) -> Int? {
        if let fact = factByName[name.text] { return fact }
        if defineSyntax[name.text] != nil {
            report(.error("type-mismatch", "`\(name.text)` is a condition (`define`), not a fact", at: name.span))
            return nil
        }
        report(.error("unknown-fact", "unknown fact `\(name.text)`", at: name.span,
                      help: Suggestion.help(for: name.text, in: factByName.keys)))
        return nil
    }

    /// Converts a literal to the fact's slot value. A literal outside the declared range is a
    /// warning (the branch can never hold), not an error.
    mutating func literal(_ value: Value, for fact: Int) -> Int64? {
        let raw: RawValue
        switch value {
        case .boolean(let b, _): raw = .bool(b)
        case .name(let n): raw = .word(n.text)
        case .quantity(let q): raw = .number(q.value, unit: q.unit)
        }
        let declared = model.facts[fact]
        switch declared.slotValue(of: raw, checkingRange: false) {
        case .failure(let problem):
            // The value's own help speaks of case files (`"12 mm"`); a rule file writes `12 mm`.
            let help = ["dimension", "type-mismatch"].contains(problem.code) ? declared.ruleExampleHelp : problem.help
            report(Diagnostic(.error, problem.code, problem.message, at: value.span, help: help))
            return nil
        case .success(let slot):
            if case .failure(let problem) = declared.checkRange(slot) {
                report(Diagnostic(.warning, "range", problem.message, at: value.span))
            }
            return slot
        }
    }

    mutating func resolveCompare(_ fact: Int, _ op: RelOp, _ value: Value) -> Condition {
        let declared = model.facts[fact]
        guard let slot = literal(value, for: fact) else { return .constant(false) }
        switch declared.type {
        case .bool, .enumeration(_, ordered: false):
            if op == .eq || op == .ne {
                let condition = Condition.member(fact: fact, mask: 1 << UInt64(slot))
                return op == .eq ? condition : .not(condition)
            }
            report(.error("unordered", "`\(declared.name)` is not ordered, so `\(op.rawValue)` has no meaning for it", at: value.span,
                          help: declared.type == .bool ? nil : "declare it `ordered { ... }`, or compare with `==`, `!=` or `in`"))
            return .constant(false)
        case .enumeration(_, ordered: true) where op == .eq || op == .ne:
            let condition = Condition.member(fact: fact, mask: 1 << UInt64(slot))
            return op == .eq ? condition : .not(condition)
        default:
            return .compare(fact: fact, op, slot)
        }
    }

    mutating func resolveSet(_ fact: Int, _ values: [Value]) -> Condition {
        let slots = values.compactMap { literal($0, for: fact) }
        switch model.facts[fact].type {
        case .bool, .enumeration:
            return .member(fact: fact, mask: slots.reduce(UInt64(0)) { $0 | 1 << UInt64($1) })
        default:
            return .or(slots.map { .compare(fact: fact, .eq, $0) })
        }
    }

    mutating func resolveRange(_ fact: Int, _ low: Value, _ high: Value, _ span: Span) -> Condition {
        switch model.facts[fact].type {
        case .bool, .enumeration(_, ordered: false):
            report(.error("unordered", "`\(model.facts[fact].name)` is not ordered, so it has no range", at: span))
            return .constant(false)
        default:
            guard let lowSlot = literal(low, for: fact), let highSlot = literal(high, for: fact) else { return .constant(false) }
            if lowSlot > highSlot {
                report(.warning("empty-range", "the range is empty: its lower end is above its upper end", at: span))
            }
            return .and([.compare(fact: fact, .ge, lowSlot), .compare(fact: fact, .le, highSlot)])
        }
    }
}

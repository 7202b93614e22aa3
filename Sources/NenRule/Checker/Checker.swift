/// Resolves names, types and units across all files of a rule set and produces the checked
/// model. Like the parser it keeps going after an error, so one run reports everything.
public struct Checker {
    /// Most terms a define may expand to, counting the defines it uses in full.
    public static let maxDefineTerms = 10_000

    var model = CheckedModel(info: RuleSetInfo(name: "unnamed"))
    var diagnostics: [Diagnostic] = []
    /// Declarations by name, for resolution and "did you mean".
    var factByName: [String: Int] = [:]
    var outcomeByName: [String: Int] = [:]
    var decisionByID: [String: Int] = [:]
    var defineSyntax: [String: DefineDecl] = [:]
    var defineByName: [String: Condition] = [:]
    /// Defines being resolved, to report cycles among them.
    var resolvingDefines: [String] = []
    /// Every define name referenced, for lint's `unused-define`.
    public internal(set) var usedDefines: Set<String> = []

    public static func check(_ files: [FileAST]) -> (CheckedModel, [Diagnostic]) {
        var checker = Checker()
        checker.run(files)
        return (checker.model, checker.diagnostics)
    }

    mutating func run(_ files: [FileAST]) {
        let items = files.flatMap(\.items)
        declareGuideline(items)
        for case .fact(let fact) in items { declareFact(fact) }
        for case .outcome(let outcome) in items { declareOutcome(outcome) }
        for case .define(let define) in items { declareDefine(define) }
        declareDecisions(items)
        for case .fact(let fact) in items { resolveDerivation(fact) }
        for case .fact(let fact) in items { resolveDateSpan(fact) }
        for case .define(let define) in items { _ = resolveDefine(define.name.text, at: define.name.span) }
        checkDecisions(items)
        reportDerivationCycles()
        for case .constraint(let constraint) in items { checkConstraint(constraint) }
        reportConstraintConflicts()
        for case .test(let test) in items { checkTest(test) }
        model.usedDefines = usedDefines
    }

    mutating func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    mutating func reportDuplicate(_ kind: String, _ name: Name, first: Span) {
        var diagnostic = Diagnostic.error("duplicate", "\(kind) `\(name.text)` is declared more than once", at: name.span)
        diagnostic.related = [Related("first declared here", at: first)]
        diagnostic.help = "ids are unique across the whole rule set; rename one of them"
        diagnostics.append(diagnostic)
    }

    // MARK: declarations

    mutating func declareGuideline(_ items: [Item]) {
        var first: GuidelineDecl?
        for case .guideline(let decl) in items {
            if let first {
                reportDuplicate("guideline", decl.name, first: first.name.span)
                continue
            }
            first = decl
            model.info = RuleSetInfo(name: decl.name.text, title: decl.title?.value, version: decl.version?.value)
        }
        if first == nil, !items.isEmpty {
            report(Diagnostic(.warning, "missing-guideline", "the rule set has no `guideline` header", at: items[0].span,
                              help: "add `guideline NAME \"title\" version \"1\"` to one file"))
        }
    }

    mutating func declareFact(_ decl: FactDecl) {
        if let existing = factByName[decl.name.text] {
            reportDuplicate("fact", decl.name, first: model.facts[existing].span)
            return
        }
        let type = resolveType(decl.type, fact: decl.name)
        var fact = CheckedFact(name: decl.name.text, type: type, description: decl.description?.value, span: decl.name.span)
        if let equivalence = decl.equivalence { resolveEquivalence(equivalence, into: &fact) }
        if let range = decl.range { resolveRange(range, into: &fact) }
        factByName[decl.name.text] = model.facts.count
        model.facts.append(fact)
    }

    mutating func resolveType(_ syntax: FactTypeSyntax, fact: Name) -> FactType {
        switch syntax {
        case .bool: return .bool
        case .number: return .number
        case .enumeration(let members, let ordered, let span):
            var seen: Set<String> = []
            for member in members where !seen.insert(member.text).inserted {
                report(.error("duplicate", "member `\(member.text)` appears twice in `\(fact.text)`", at: member.span))
            }
            if members.count > 64 {
                report(.error("too-many-members", "`\(fact.text)` has \(members.count) members; at most 64 are allowed", at: span))
            }
            return .enumeration(members: members.map(\.text), ordered: ordered)
        case .quantity(let dimensionName, let unitName, _):
            guard let dimension = Dimension(rawValue: dimensionName.text) else {
                report(.error("unknown-type", "unknown dimension `\(dimensionName.text)`", at: dimensionName.span))
                return .number
            }
            guard let unitName else { return .quantity(dimension, unit: Unit.defaultUnit(for: dimension)) }
            let candidates = Unit.units(of: dimension)
            guard let unit = candidates.first(where: { $0.name == unitName.text }) else {
                let names = candidates.map(\.name)
                let help = Suggestion.help(for: unitName.text, in: names)
                    ?? (names.isEmpty ? "a \(dimension.rawValue) takes no unit" : "use one of \(names.map { "`\($0)`" }.joined(separator: ", "))")
                report(.error("unknown-unit", "`\(unitName.text)` is not a unit of \(dimension.rawValue)", at: unitName.span, help: help))
                return .quantity(dimension, unit: Unit.defaultUnit(for: dimension))
            }
            return .quantity(dimension, unit: unit)
        }
    }

    /// `also 14 mg/dL = 3.5 mmol/L`: the other unit becomes one of the fact's, worth exactly
    /// the stated amount; an equivalence that is not a whole number of base units is refused.
    mutating func resolveEquivalence(_ equivalence: UnitEquivalence, into fact: inout CheckedFact) {
        guard case .quantity(let dimension, let declared) = fact.type, let group = (declared ?? Unit.defaultUnit(for: dimension))?.group else {
            return report(.error("equivalence", "only a quantity with a unit can accept another unit", at: equivalence.span))
        }
        guard let name = equivalence.other.unit, Unit.equivalenceWords.contains(name), Unit.named(name) == nil else {
            return report(.error("equivalence", "`also` names a unit of another system, one of \(Unit.equivalenceWords.sorted().map { "`\($0)`" }.joined(separator: ", "))",
                                 at: equivalence.other.span))
        }
        guard case .success(let worth) = fact.slotValue(of: .number(equivalence.declared.value, unit: equivalence.declared.unit), checkingRange: false) else {
            return report(.error("equivalence", "the right side of `also` must be a \(dimension.noun) such as `3.5 \(declared?.name ?? "")`", at: equivalence.declared.span))
        }
        let other = equivalence.other.value.micros
        guard other > 0, worth % other == 0, worth / other > 0 else {
            return report(.error("equivalence", "`1 \(name)` would not be a whole number of base units, so values could not be converted exactly", at: equivalence.span))
        }
        fact.equivalentUnits.append(Unit(name: name, dimension: dimension, factor: worth / other, group: group))
    }

    mutating func resolveRange(_ range: RangeSyntax, into fact: inout CheckedFact) {
        func bound(_ literal: QuantityLiteral?, _ op: RelOp?) -> Bound? {
            guard let literal, let op else { return nil }
            switch fact.slotValue(of: .number(literal.value, unit: literal.unit), checkingRange: false) {
            case .success(let value): return Bound(value: value, inclusive: op == .ge || op == .le)
            case .failure(let problem):
                report(Diagnostic(.error, problem.code, problem.message, at: literal.span, help: problem.help))
                return nil
            }
        }
        switch fact.type {
        case .number, .quantity:
            fact.low = bound(range.low, range.lowOp)
            fact.high = bound(range.high, range.highOp)
        default:
            report(.error("type-mismatch", "only numbers and quantities take a `range`", at: range.span))
        }
    }

    mutating func declareOutcome(_ decl: OutcomeDecl) {
        if let existing = outcomeByName[decl.name.text] {
            reportDuplicate("outcome", decl.name, first: model.outcomes[existing].span)
            return
        }
        outcomeByName[decl.name.text] = model.outcomes.count
        model.outcomes.append(CheckedOutcome(name: decl.name.text, label: decl.label?.value, finding: decl.finding != nil, span: decl.name.span))
    }

    mutating func declareDefine(_ decl: DefineDecl) {
        if let existing = defineSyntax[decl.name.text] {
            reportDuplicate("define", decl.name, first: existing.name.span)
            return
        }
        if let fact = factByName[decl.name.text] {
            reportDuplicate("name", decl.name, first: model.facts[fact].span)
            return
        }
        defineSyntax[decl.name.text] = decl
    }

    /// Resolves a define on first use, so defines may refer to later defines; cycles are errors.
    mutating func resolveDefine(_ name: String, at span: Span) -> Condition? {
        if let done = defineByName[name] { return done }
        guard let decl = defineSyntax[name] else { return nil }
        if let start = resolvingDefines.firstIndex(of: name) {
            let chain = (resolvingDefines[start...] + [name]).map { "`\($0)`" }.joined(separator: " -> ")
            report(Diagnostic(.error, "cycle", "define `\(name)` refers to itself", at: span, notes: ["cycle: \(chain)"]))
            defineByName[name] = .constant(false)
            return .constant(false)
        }
        resolvingDefines.append(name)
        var condition = resolve(decl.expr)
        resolvingDefines.removeLast()
        // Defines built from defines share subtrees, but every later pass walks the expanded
        // tree: a chain of 60 defines that each use the last twice would never finish.
        if !condition.fits(within: Checker.maxDefineTerms) {
            report(Diagnostic(.error, "too-large", "define `\(name)` expands to more than \(Checker.maxDefineTerms) terms", at: decl.name.span,
                              help: "a define used twice in another define doubles it; split the condition across decisions"))
            condition = .constant(false)
        }
        defineByName[name] = condition
        model.defines.append((name, condition, decl.name.span))
        return condition
    }
}

extension Condition {
    /// Whether the expanded tree has at most `limit` terms; stops counting at the limit, so it
    /// costs at most `limit` steps however large the tree is.
    func fits(within limit: Int) -> Bool {
        var budget = limit
        return fits(&budget)
    }

    private func fits(_ budget: inout Int) -> Bool {
        budget -= 1
        guard budget >= 0 else { return false }
        switch self {
        case .not(let inner): return inner.fits(&budget)
        case .and(let terms), .or(let terms): return terms.allSatisfy { $0.fits(&budget) }
        default: return true
        }
    }
}

extension CheckedFact {
    /// `slotValue(of:)`, optionally without the declared-range check (for the range's own bounds).
    func slotValue(of raw: RawValue, checkingRange: Bool) -> Result<Int64, ValueProblem> {
        guard !checkingRange else { return slotValue(of: raw) }
        var unbounded = self
        unbounded.low = nil
        unbounded.high = nil
        return unbounded.slotValue(of: raw)
    }
}

extension Checker {
    /// `fact age: duration in years between date_of_birth and date_of_diagnosis`: a duration,
    /// computed from two date facts when a case gives both and not the duration.
    mutating func resolveDateSpan(_ decl: FactDecl) {
        guard let between = decl.between, let fact = factByName[decl.name.text], model.facts[fact].span == decl.name.span else { return }
        guard case .quantity(.duration, _) = model.facts[fact].type else {
            return report(.error("between-type", "only a duration can be computed between two dates; `\(decl.name.text)` is \(model.facts[fact].typeNoun)",
                                 at: between.span, help: "declare it as `duration in days` (or weeks, months, years)"))
        }
        var ends: [Int] = []
        for name in [between.from, between.to] {
            guard let index = factByName[name.text] else {
                report(.error("unknown-fact", "unknown fact `\(name.text)`", at: name.span, help: Suggestion.help(for: name.text, in: factByName.keys)))
                continue
            }
            guard case .quantity(.date, _) = model.facts[index].type else {
                report(.error("between-type", "`\(name.text)` is \(model.facts[index].typeNoun), not a date", at: name.span, help: "declare it as `fact \(name.text): date`"))
                continue
            }
            ends.append(index)
        }
        if ends.count == 2 { model.facts[fact].between = (ends[0], ends[1]) }
    }
}

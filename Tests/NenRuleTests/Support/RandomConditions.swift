import NenRule

/// A generated condition, kept as a tree so that it is written with exactly the parentheses
/// the grammar needs (and, now and then, some it does not).
indirect enum RandomCondition {
    case atom([String])
    case not(RandomCondition)
    case and([RandomCondition])
    case or([RandomCondition])
    case implies(RandomCondition, RandomCondition)
    case iff(RandomCondition, RandomCondition)
    case paren(RandomCondition)

    /// Tokens of an `expr` (the top of the grammar: `implies` and `iff` need no parentheses).
    var tokens: [String] {
        switch self {
        case .implies(let a, let b): a.orTokens + ["implies"] + b.orTokens
        case .iff(let a, let b): a.orTokens + ["iff"] + b.orTokens
        default: orTokens
        }
    }

    private var orTokens: [String] {
        switch self {
        case .or(let terms): Array(terms.map(\.andTokens).joined(separator: ["or"]))
        default: andTokens
        }
    }

    private var andTokens: [String] {
        switch self {
        case .and(let terms): Array(terms.map(\.notTokens).joined(separator: ["and"]))
        default: notTokens
        }
    }

    private var notTokens: [String] {
        switch self {
        case .atom(let tokens): tokens
        case .not(let inner): ["not"] + inner.notTokens
        case .paren(let inner): ["("] + inner.tokens + [")"]
        default: ["("] + tokens + [")"]
        }
    }
}

/// Conditions, values and table cells over the facts and defines generated so far.
extension RandomRuleSet.Builder {
    /// A condition over `facts` (indices) and `defines` (names), at most `depth` levels deep.
    mutating func condition(_ facts: [Int], defines: [String], depth: Int, allowKnown: Bool = true) -> RandomCondition {
        let roll = depth <= 0 ? 0 : random.next() % 12
        switch roll {
        case 0...4: return atom(facts, defines: defines, allowKnown: allowKnown)
        case 5, 6: return .and(terms(facts, defines, depth, allowKnown))
        case 7, 8: return .or(terms(facts, defines, depth, allowKnown))
        // `not` binds tighter than `and`: a composite under it is written in parentheses.
        case 9: return .not(condition(facts, defines: defines, depth: depth - 1, allowKnown: allowKnown))
        case 10: return .paren(condition(facts, defines: defines, depth: depth - 1, allowKnown: allowKnown))
        default:
            let a = condition(facts, defines: defines, depth: depth - 1, allowKnown: allowKnown)
            let b = condition(facts, defines: defines, depth: depth - 1, allowKnown: allowKnown)
            return random.next() % 2 == 0 ? .implies(a, b) : .iff(a, b)
        }
    }

    private mutating func terms(_ facts: [Int], _ defines: [String], _ depth: Int, _ allowKnown: Bool) -> [RandomCondition] {
        (0..<(2 + Int(random.next() % 3))).map { _ in condition(facts, defines: defines, depth: depth - 1, allowKnown: allowKnown) }
    }

    mutating func atom(_ facts: [Int], defines: [String], allowKnown: Bool) -> RandomCondition {
        let roll = random.next() % 20
        if roll == 0 { return .atom([random.next() % 3 == 0 ? "false" : "true"]) }
        if roll <= 2, let define = defines.randomElement(using: &random) { return .atom([define]) }
        let fact = facts[Int(random.next() % UInt64(facts.count))]
        if roll == 3, allowKnown { return .atom(["known", "(", self.facts[fact].name, ")"]) }
        return .atom(comparison(fact))
    }

    /// A comparison the fact's type allows, with literals inside its declared range.
    mutating func comparison(_ fact: Int) -> [String] {
        let name = facts[fact].name
        if case .bool = facts[fact].kind, random.next() % 2 == 0 { return [name] }
        switch random.next() % 6 {
        case 0: return [name, "in"] + set(fact)
        case 1: return [name, "not", "in"] + set(fact)
        case 2 where facts[fact].isOrdered:
            let (a, b) = (pick(fact), pick(fact))
            return [name, "in"] + value(fact, min(a, b)) + ["..."] + value(fact, max(a, b))
        default: return [name] + [relop(fact)] + value(fact, pick(fact))
        }
    }

    mutating func relop(_ fact: Int) -> String {
        facts[fact].isOrdered ? ["==", "!=", "<", "<=", ">", ">="].randomElement(using: &random)! : random.next() % 3 == 0 ? "!=" : "=="
    }

    /// A value of the fact (tenths or member index), remembered as a threshold.
    mutating func pick(_ fact: Int) -> Int {
        let value: Int
        switch facts[fact].kind {
        case .bool: value = Int(random.next() % 2)
        case .members(let members, _): value = Int(random.next() % UInt64(members.count))
        case .numeric(let numeric):
            let step = numeric.decimals && random.next() % 4 == 0 ? 1 : 10
            let count = (numeric.high - numeric.low) / step + 1
            value = numeric.low + Int(random.next() % UInt64(count)) * step
        }
        facts[fact].thresholds.append(value)
        return value
    }

    mutating func value(_ fact: Int, _ value: Int) -> [String] {
        switch facts[fact].kind {
        case .bool: [value == 1 ? "true" : "false"]
        case .members(let members, _): [members[value]]
        case .numeric(let numeric): numeric.literal(value, &random)
        }
    }

    /// `{ v, … }`, sometimes with a trailing comma.
    mutating func set(_ fact: Int) -> [String] {
        var tokens = ["{"]
        for index in 0..<(1 + Int(random.next() % 3)) {
            if index > 0 { tokens.append(",") }
            tokens += value(fact, pick(fact))
        }
        if random.next() % 5 == 0 { tokens.append(",") }
        return tokens + ["}"]
    }

    /// A table cell constraining `fact`'s column.
    mutating func cell(_ fact: Int) -> [String] {
        switch random.next() % 7 {
        case 0, 1: return ["-"]
        case 2: return value(fact, pick(fact))
        case 3: return ["in"] + set(fact)
        case 4: return ["not", "in"] + set(fact)
        case 5 where facts[fact].isOrdered:
            let (a, b) = (pick(fact), pick(fact))
            return value(fact, min(a, b)) + ["..."] + value(fact, max(a, b))
        default: return [relop(fact)] + value(fact, pick(fact))
        }
    }
}

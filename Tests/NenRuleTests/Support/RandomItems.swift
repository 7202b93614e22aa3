import NenRule

/// The items of a generated rule set: facts, defines, decisions, constraints and tests.
extension RandomRuleSet.Builder {
    /// Numeric types: (declaration, literal unit, other units of the group, decimals, values).
    static let numericTypes: [(String, String?, [(name: String, per: (Int, Int))], Bool, ClosedRange<Int>)] = [
        ("number", nil, [], true, -50...50),
        ("length", "mm", [("cm", (10, 1))], true, 1...60),
        ("length in mm", "mm", [("cm", (10, 1))], true, 1...60),
        ("length in cm", "cm", [("mm", (1, 10))], true, 1...12),
        ("percent", "%", [], true, -40...100),
        ("count", nil, [], false, 0...20),
        ("mitotic_rate", nil, [], false, 0...30),
        ("duration", "months", [("years", (12, 1))], false, 0...48),
        ("duration in days", "days", [("weeks", (7, 1))], true, 0...60),
        ("duration in weeks", "weeks", [("days", (1, 7))], false, 0...20),
        ("duration in months", "months", [("years", (12, 1))], false, 0...48),
        ("duration in years", "years", [("months", (1, 12))], false, 0...12),
    ]

    mutating func baseFact() -> RandomFact {
        let name = word(RandomRuleSet.factWords) + String(facts.count)
        switch random.next() % 5 {
        case 0: return RandomFact(name: name, kind: .bool)
        case 1, 2: return RandomFact(name: name, kind: .members(members(), ordered: chance(500)))
        default: return RandomFact(name: name, kind: .numeric(numeric()))
        }
    }

    mutating func members() -> [String] {
        var words = RandomRuleSet.memberWords
        words.shuffle(using: &random)
        return Array(words.prefix(2 + Int(random.next() % 4)))
    }

    /// A numeric type with, half the time, a declared range; values stay inside it, at least
    /// one whole unit apart at the ends so every comparison the generator writes can hold.
    mutating func numeric() -> RandomFact.Numeric {
        let (type, unit, others, decimals, span) = Self.numericTypes[Int(random.next() % UInt64(Self.numericTypes.count))]
        var low = span.lowerBound * 10, high = span.upperBound * 10
        var range: String?
        let bound = { (tenths: Int) in Decimal10.text(tenths, scale: 1) + (unit.map { " " + $0 } ?? "") }
        switch random.next() % 8 {
        case 0: range = "range \(bound(low)) ... \(bound(high))"
        case 1: range = "range >= \(bound(low))"
        case 2: range = "range > \(bound(low))"; low += 10
        case 3: range = "range <= \(bound(high))"
        case 4: range = "range < \(bound(high))"; high -= 10
        default: break
        }
        // A negative bound is written `- 5`: the grammar's quantity is an optional `-`, then a number.
        range = range.map { $0.replacingOccurrences(of: "-", with: "- ") }
        return RandomFact.Numeric(type: type, unit: unit, others: others, decimals: decimals, low: low, high: high, range: range)
    }

    /// An enumeration derived by a new decision that reads the facts declared before it.
    mutating func derivedFact() {
        let readable = Array(facts.indices)
        let id = "derive\(facts.count)." + word(RandomRuleSet.idWords)
        let members = members()
        facts.append(RandomFact(name: "derived" + String(facts.count), kind: .members(members, ordered: chance(500)), derivedBy: id))
        decision(outputs: members, deriving: (id, readable))
    }

    /// `define NAME = condition`, over every fact and the defines before it (at most one of
    /// them, so expansions stay small).
    mutating func define(_ index: Int) {
        let name = "def\(index)_" + word(RandomRuleSet.factWords)
        let earlier = defines.isEmpty ? [] : [defines[Int(random.next() % UInt64(defines.count))]]
        items.append(["define", name, "="] + condition(Array(facts.indices), defines: earlier, depth: depth).tokens)
        defines.append(name)
    }

    /// A decision, table or criteria set; one deriving a fact is never a criteria set.
    mutating func decision(outputs: [String], deriving: (id: String, reads: [Int])?) {
        let reads = deriving?.reads ?? Array(facts.indices)
        let defines = deriving == nil ? self.defines : []
        let kind = random.next() % (deriving == nil ? 3 : 2)
        let id = deriving?.id ?? word(RandomRuleSet.idWords) + String(decisions.count)
        var tokens = [["decision", "table", "criteria"][Int(kind)], id] + (chance(800) ? [word(RandomRuleSet.titles)] : [])
        tokens += header(reads, defines, criteria: kind == 2)
        tokens.append("{")
        switch kind {
        case 0: tokens += branches(reads, defines, outputs)
        case 1: tokens += table(reads, outputs)
        default: tokens += criteria(reads, defines)
        }
        items.append(tokens + ["}"])
        decisions.append((id, kind == 2 ? ["met", "met_except_relative", "not_met"] : outputs))
    }

    /// `applies when`, `policy` and annotations, each at most once, in any order.
    mutating func header(_ reads: [Int], _ defines: [String], criteria: Bool) -> [String] {
        var clauses: [[String]] = []
        if chance(300) { clauses.append(["applies", "when"] + condition(reads, defines: defines, depth: 1).tokens) }
        if !criteria, chance(700) { clauses.append(["policy", word(RandomRuleSet.policies)]) }
        clauses.append(annotations(maximum: 2))
        clauses.shuffle(using: &random)
        return Array(clauses.joined())
    }

    mutating func results(_ outputs: [String]) -> [String] {
        var chosen = outputs.shuffled(using: &random).prefix(chance(800) ? 1 : 1 + Int(random.next() % 3))
        if chosen.isEmpty { chosen = [outputs[0]] }
        // Advice always has a strength; a finding or a derived fact's member may go without.
        let written = chosen.map { output in
            (!outcomes.contains(output) || findings.contains(output) ? chance(500) : true) ? [word(RandomRuleSet.strengths), output] : [output]
        }
        return Array(written.joined(separator: [","]))
    }

    mutating func branches(_ reads: [Int], _ defines: [String], _ outputs: [String]) -> [String] {
        var tokens: [String] = []
        for _ in 0..<(1 + Int(random.next() % most.lines)) {
            tokens += ["when"] + condition(reads, defines: defines, depth: depth).tokens + ["=>"] + results(outputs) + annotations(maximum: 2)
        }
        if chance(400) { tokens += ["otherwise", "=>"] + results(outputs) + annotations(maximum: 1) }
        return tokens
    }

    mutating func table(_ reads: [Int], _ outputs: [String]) -> [String] {
        let inputs = Array(reads.shuffled(using: &random).prefix(1 + Int(random.next() % 3)))
        var tokens = ["inputs"] + Array(inputs.map { [factName($0)] }.joined(separator: [","]))
        for _ in 0..<(1 + Int(random.next() % most.lines)) {
            tokens.append("|")
            for input in inputs { tokens += cell(input) + ["|"] }
            tokens += ["=>"] + results(outputs) + annotations(maximum: 1)
        }
        if chance(400) { tokens += ["otherwise", "=>"] + results(outputs) + annotations(maximum: 1) }
        return tokens
    }

    mutating func criteria(_ reads: [Int], _ defines: [String]) -> [String] {
        var tokens: [String] = []
        for _ in 0..<(1 + Int(random.next() % 4)) {
            tokens += [chance(700) ? "require" : "relative"] + condition(reads, defines: defines, depth: depth).tokens
            if chance(500) { tokens.append(word(RandomRuleSet.titles)) }
            tokens += annotations(maximum: 1)
        }
        return tokens
    }
}

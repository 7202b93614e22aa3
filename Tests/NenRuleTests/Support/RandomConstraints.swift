import NenRule

/// Constraints and tests of a generated rule set.
extension RandomRuleSet.Builder {
    /// `constraint ID "title" cite "…" { a implies b }` (or `iff`) between two base facts that
    /// no other constraint reads. Each side can hold (inclusive comparisons on values inside the
    /// range), so no constraint is unsatisfiable and, sharing no fact, none conflict.
    mutating func constraint(_ index: Int) {
        let used = Set(items.filter { $0.first == "constraint" }.flatMap { $0 })
        let free = facts.indices.filter { facts[$0].derivedBy == nil && !used.contains(facts[$0].name) }.shuffled(using: &random)
        guard free.count >= 2 else { return }
        let id = "rule\(index)." + word(RandomRuleSet.idWords)
        var tokens = ["constraint", id] + (chance(700) ? [word(RandomRuleSet.titles)] : []) + annotations(maximum: 2)
        let (a, b) = (satisfiable(free[0]), satisfiable(free[1]))
        let form = random.next() % 3
        tokens += ["{"] + a + [form == 0 ? "iff" : "implies"] + b + ["}"]
        items.append(tokens)
        constraints.append(id)
    }

    /// A comparison some value of the fact satisfies.
    mutating func satisfiable(_ fact: Int) -> [String] {
        let name = factName(fact)
        switch facts[fact].kind {
        case .bool: return chance(500) ? [name] : ["not", name]
        case .members: return chance(500) ? [name, "==", ] + value(fact, pick(fact)) : [name, "in"] + set(fact)
        case .numeric: return [name, word(["<=", ">=", "=="])] + value(fact, pick(fact))
        }
    }

    /// A test: some given facts, then expectations that need not hold (the runner reports them).
    mutating func test(_ index: Int) -> [String] {
        var tokens = ["test", "\"test \(index)\"", "{", "given"]
        let given = facts.indices.shuffled(using: &random).prefix(Int(random.next() % 4))
        for (position, fact) in given.enumerated() {
            tokens += (position > 0 ? [","] : []) + [factName(fact), "="] + value(fact, pick(fact))
        }
        for _ in 0..<(1 + Int(random.next() % 3)) { tokens += expectation() }
        if !decisions.isEmpty, chance(200) { tokens += ["irrelevant", decisions[Int(random.next() % UInt64(decisions.count))].id] }
        return tokens + ["}"]
    }

    mutating func expectation() -> [String] {
        if decisions.isEmpty || chance(150) {
            return ["expect", "inconsistent"] + (constraints.isEmpty || chance(500) ? [] : [word(constraints)])
        }
        let (id, outputs) = decisions[Int(random.next() % UInt64(decisions.count))]
        let some = { (random: inout SplitMix64) in Array(outputs.shuffled(using: &random).prefix(1 + Int(random.next() % 2))) }
        switch random.next() % 4 {
        case 0: return ["expect", id, "not_applicable"]
        case 1:
            var tokens = ["expect", id, "undetermined"]
            if chance(500) { tokens += ["=>"] + some(&random).joined(separator: ",").tokenList }
            if chance(500) { tokens += ["needs", factName(Int(random.next() % UInt64(facts.count)))] }
            return tokens
        case 2 where chance(300): return ["expect", id, "=>", word(RandomRuleSet.strengths)] + some(&random).prefix(1)
        default: return ["expect", id, "=>"] + some(&random).joined(separator: ",").tokenList
        }
    }
}

import NenRule

/// Random cases for a generated rule set, as JSON objects on one line: each fact missing, null
/// or given (values on and next to the rules' thresholds, in any unit of the group, as JSON
/// numbers or strings); derived facts are given now and then too. One case in twenty has a
/// value outside the declared range, so the error path runs as well.
struct RandomCases {
    let ruleSet: RandomRuleSet
    var random: SplitMix64

    init(_ ruleSet: RandomRuleSet) {
        self.ruleSet = ruleSet
        random = SplitMix64(seed: ruleSet.seed ^ 0xCA5E_5EED)
    }

    mutating func next(_ number: Int) -> String {
        var members: [String] = []
        if chance(500) { members.append(#""case_id":"c\#(number)""#) }
        let outOfRange = chance(50)
        for fact in ruleSet.facts {
            let missing: UInt64 = fact.derivedBy == nil ? 350 : 900
            if chance(missing) { continue }
            let value = chance(50) ? "null" : self.value(fact, outOfRange: outOfRange)
            members.append("\"\(fact.name)\":\(value)")
        }
        members.shuffle(using: &random)
        return "{" + members.joined(separator: ",") + "}"
    }

    mutating func value(_ fact: RandomFact, outOfRange: Bool) -> String {
        switch fact.kind {
        case .bool: return chance(500) ? "true" : "false"
        case .members(let members, _):
            let index = !fact.thresholds.isEmpty && chance(600) ? fact.thresholds.randomElement(using: &random)! : Int(random.next() % UInt64(members.count))
            return "\"\(members[index])\""
        case .numeric(let numeric):
            return numeric.caseValue(tenths(numeric, fact.thresholds, outOfRange: outOfRange), &random)
        }
    }

    /// A threshold, one step beside it, or any value of the range.
    mutating func tenths(_ numeric: RandomFact.Numeric, _ thresholds: [Int], outOfRange: Bool) -> Int {
        if outOfRange, numeric.range != nil { return chance(500) ? numeric.low - 100 : numeric.high + 100 }
        let step = numeric.decimals ? 1 : 10
        var value: Int
        if let threshold = thresholds.randomElement(using: &random), chance(700) {
            value = threshold + [-step, 0, 0, step].randomElement(using: &random)!
        } else {
            value = numeric.low + Int(random.next() % UInt64((numeric.high - numeric.low) / 10 + 1)) * 10
        }
        return min(max(value, numeric.low), numeric.high)
    }

    mutating func chance(_ perMille: UInt64) -> Bool { random.next() % 1000 < perMille }
}

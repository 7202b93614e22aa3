import NenRule

/// Looks up slots and converts values into slot units once, before anything is timed: the
/// hand-written functions and the engine both read the same pre-converted `Int64`s.
struct SlotConverter {
    let graph: DecisionGraph

    /// The slot of a fact, or a failure naming it (the guideline may have renamed it).
    func slot(_ fact: String) throws -> Int {
        guard let index = graph.facts.firstIndex(where: { $0.name == fact }) else {
            throw BenchError("the rule set has no fact `\(fact)`")
        }
        return index
    }

    /// The slot value of an enum member.
    func member(_ fact: String, _ member: String) throws -> Int64 {
        guard case .enumeration(let members, _) = graph.facts[try slot(fact)].type,
              let index = members.firstIndex(of: member) else {
            throw BenchError("`\(member)` is not a member of `\(fact)`")
        }
        return Int64(index)
    }

    /// Every member of an enum fact, as slot values.
    func members(_ fact: String) throws -> [Int64] {
        guard case .enumeration(let members, _) = graph.facts[try slot(fact)].type else {
            throw BenchError("`\(fact)` is not an enumeration")
        }
        return members.indices.map { Int64($0) }
    }

    /// The slot value of a quantity given in tenths of `unit` (so `tenths(105, "mm")` is 10.5 mm),
    /// converted by the library itself.
    func tenths(_ fact: String, _ tenths: Int64, _ unit: String?) throws -> Int64 {
        let raw = RawValue.number(Exact(micros: tenths * 100_000), unit: unit)
        switch graph.facts[try slot(fact)].slotValue(of: raw) {
        case .success(let value): return value
        case .failure(let problem): throw BenchError("fact `\(fact)`: \(problem.message)")
        }
    }
}

/// A constraint as the table of its satisfying cell tuples over its scope. Every condition is
/// constant on every cell, so the table is exact. It is kept as one bit set of tuples per
/// (fact, cell): the tuples within some domains are an AND over the facts of ORs over their
/// cells, so one revision in propagation finds every fact's supported cells together, and
/// whether the constraint is entailed (every tuple within the domains satisfies it) is a count.
struct ConstraintTable: Sendable {
    let scope: [Int]
    /// Satisfying tuples, and 64-bit words per tuple set.
    let count: Int
    let words: Int
    /// Per scope position, the offset of its first cell's tuple set in `masks`.
    let offsets: [Int]
    /// Tuple sets, `words` words each: bit t of (position p, cell c) is set when tuple t gives
    /// the fact at p cell c.
    let masks: [UInt64]

    /// Nil when a fact of the scope cannot be explored or its cells multiply past `budget`.
    init?(_ condition: Condition, scope: [Int], cells: CellTable, budget: Int) {
        guard scope.allSatisfy({ cells.isExplorable($0) }) else { return nil }
        let counts = scope.map { cells.full($0).count }
        guard counts.allSatisfy({ $0 > 0 }), counts.reduce(1, { $0 * $1 }) <= budget else { return nil }
        var satisfying: [[Int]] = [], tuple = Array(repeating: 0, count: scope.count)
        // Values by fact, for the condition to read: only the scope's are ever set.
        var values = Array(repeating: Int64(0), count: (scope.max() ?? 0) + 1)
        // An odometer over the cells, last fact fastest.
        repeat {
            for (place, fact) in scope.enumerated() { values[fact] = cells.representative(fact, tuple[place]) }
            if condition.holds({ values[$0] }) { satisfying.append(tuple) }
        } while Self.advance(&tuple, counts)
        self.scope = scope
        count = satisfying.count
        words = max(1, (count + 63) / 64)
        offsets = counts.indices.map { counts[..<$0].reduce(0, +) }
        var masks = Array(repeating: UInt64(0), count: counts.reduce(0, +) * words)
        for (index, tuple) in satisfying.enumerated() {
            for (place, cell) in tuple.enumerated() { masks[(offsets[place] + cell) * words + index / 64] |= 1 << UInt64(index % 64) }
        }
        self.masks = masks
    }

    static func advance(_ tuple: inout [Int], _ counts: [Int]) -> Bool {
        for place in tuple.indices.reversed() {
            tuple[place] += 1
            if tuple[place] < counts[place] { return true }
            tuple[place] = 0
        }
        return false
    }

    /// The satisfying tuples whose every cell lies in `domains`.
    func within(_ domains: [CellSet]) -> [UInt64] {
        var result = Array(repeating: ~UInt64(0), count: words)
        if count % 64 != 0 { result[words - 1] = (1 << UInt64(count % 64)) - 1 }
        if count == 0 { result[0] = 0 }
        var union = Array(repeating: UInt64(0), count: words)
        for (place, fact) in scope.enumerated() {
            for word in 0..<words { union[word] = 0 }
            var rest = domains[fact].bits
            while rest != 0 {
                let start = (offsets[place] + rest.trailingZeroBitCount) * words
                rest &= rest - 1
                for word in 0..<words { union[word] |= masks[start + word] }
            }
            for word in 0..<words { result[word] &= union[word] }
        }
        return result
    }

    /// Per scope position, the cells some satisfying tuple within `domains` gives that fact.
    func supports(_ domains: [CellSet]) -> [UInt64] {
        let tuples = within(domains)
        return scope.enumerated().map { place, fact in
            var supported: UInt64 = 0, rest = domains[fact].bits
            while rest != 0 {
                let cell = rest.trailingZeroBitCount
                rest &= rest - 1
                let start = (offsets[place] + cell) * words
                if (0..<words).contains(where: { tuples[$0] & masks[start + $0] != 0 }) { supported |= 1 << UInt64(cell) }
            }
            return supported
        }
    }

    /// Whether every tuple within `domains` satisfies the constraint.
    func isEntailed(_ domains: [CellSet]) -> Bool {
        let total = scope.reduce(1) { $0 * domains[$1].count }
        return total <= count && within(domains).reduce(0) { $0 + $1.nonzeroBitCount } == total
    }
}

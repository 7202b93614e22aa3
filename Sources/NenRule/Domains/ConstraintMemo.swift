/// What the constraints say of the constrained facts' domains: a pure function of the graph,
/// so kept across decisions and cases (and dropped whenever a table grows large).
final class ConstraintMemo {

    static let capacity = 65_536
    /// Whether some case satisfies every constraint within the domains.
    var satisfiable: [[UInt64]: Bool] = [:]
    /// A satisfying assignment, by the domains searched.
    var solutions: [[UInt64]: ConstraintNetwork.Search] = [:]
    /// The domains propagation narrows them to; nil for a conflict.
    var narrowed: [[UInt64]: [UInt64]?] = [:]

    /// Propagation from a case's domains, by the constrained facts' domains (a case's other
    /// facts take no part): most cases of a batch share them.
    var cases: [[UInt64]: ConstraintNetwork.Narrowing] = [:]

    func caseNarrowing(_ domains: [CellSet], _ network: ConstraintNetwork) -> ConstraintNetwork.Narrowing {
        let key = network.constrainedFacts.map { domains[$0].bits }
        var narrowing: ConstraintNetwork.Narrowing
        if let known = cases[key] {
            narrowing = known
        } else {
            narrowing = network.propagate(domains)
            narrowing.domains = network.constrainedFacts.map { narrowing.domains[$0] }
            if cases.count >= 4_096 { cases.removeAll(keepingCapacity: true) }
            cases[key] = narrowing
        }
        var whole = domains
        for (index, fact) in network.constrainedFacts.enumerated() { whole[fact] = narrowing.domains[index] }
        narrowing.domains = whole
        return narrowing
    }

    /// `network.satisfiable(domains)`, memoised by the constrained facts' domains.
    func satisfiable(_ domains: [CellSet], _ network: ConstraintNetwork) -> Bool? {
        let key = network.constrainedFacts.map { domains[$0].bits }
        if let known = satisfiable[key] { return known }
        let answer = network.satisfiable(domains)
        if let answer { store(&satisfiable, key, answer) }
        return answer
    }

    func store<Value>(_ table: inout [[UInt64]: Value], _ key: [UInt64], _ value: Value) {
        if table.count >= Self.capacity { table.removeAll(keepingCapacity: true) }
        table[key] = value
    }
}

extension ConstraintNetwork {
    /// `solve`, memoised in `memo` by the constrained facts' domains.
    func solve(_ domains: [CellSet], memo: ConstraintMemo) -> Search {
        let key = constrainedFacts.map { domains[$0].bits }
        if let known = memo.solutions[key] { return known }
        let found = solve(domains)
        memo.store(&memo.solutions, key, found)
        return found
    }
}

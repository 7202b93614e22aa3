/// What the constraints say of the constrained facts' domains: a pure function of the graph,
/// so kept across decisions and cases (and dropped whenever a table grows large). Only the
/// constrained facts take part, so their domains are the key and the other facts pass through.
final class ConstraintMemo {
    static let capacity = 65_536
    /// Propagation to the fixpoint, with the constrained facts' domains only.
    var narrowings: [[UInt64]: ConstraintNetwork.Narrowing] = [:]
    /// A satisfying assignment, or why there is none.
    var solutions: [[UInt64]: ConstraintNetwork.Search] = [:]

    func key(_ domains: [CellSet], _ network: ConstraintNetwork) -> [UInt64] {
        network.constrainedFacts.map { domains[$0].bits }
    }

    /// `network.propagate(domains)`, memoised.
    func narrowing(_ domains: [CellSet], _ network: ConstraintNetwork) -> ConstraintNetwork.Narrowing {
        let key = key(domains, network)
        var narrowing: ConstraintNetwork.Narrowing
        if let known = narrowings[key] {
            narrowing = known
        } else {
            narrowing = network.propagate(domains)
            narrowing.domains = network.constrainedFacts.map { narrowing.domains[$0] }
            store(&narrowings, key, narrowing)
        }
        var whole = domains
        for (index, fact) in network.constrainedFacts.enumerated() { whole[fact] = narrowing.domains[index] }
        narrowing.domains = whole
        return narrowing
    }

    /// Recent satisfying assignments, as one cell per constrained fact: most domains asked about
    /// hold one of them (the leaves of one exploration differ in a few facts), and finding one
    /// inside the domains settles them without a search.
    var witnesses: [[UInt64]] = []
    static let witnessCapacity = 32

    /// `network.solve(domains)`, memoised.
    func solve(_ domains: [CellSet], _ network: ConstraintNetwork) -> ConstraintNetwork.Search {
        let key = key(domains, network)
        if let known = solutions[key] { return known }
        if let witness = witnesses.first(where: { within($0, key) }) {
            var solution = domains
            for (index, fact) in network.constrainedFacts.enumerated() { solution[fact] = CellSet(bits: witness[index]) }
            return .found(solution)
        }
        let found = network.solve(domains)
        store(&solutions, key, found)
        if case .found(let solution) = found {
            if witnesses.count >= Self.witnessCapacity { witnesses.removeLast() }
            witnesses.insert(self.key(solution, network), at: 0)
        }
        return found
    }

    /// Whether each fact's cell in `witness` lies in its domain in `key`.
    func within(_ witness: [UInt64], _ key: [UInt64]) -> Bool {
        for index in witness.indices where witness[index] & key[index] == 0 { return false }
        return true
    }

    /// `network.satisfiable(domains)`, memoised (through `solve`).
    func satisfiable(_ domains: [CellSet], _ network: ConstraintNetwork) -> Bool? {
        solve(domains, network).satisfiable
    }

    func store<Value>(_ table: inout [[UInt64]: Value], _ key: [UInt64], _ value: Value) {
        if table.count >= Self.capacity { table.removeAll(keepingCapacity: true) }
        table[key] = value
    }
}

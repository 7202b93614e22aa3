/// The rule set's constraints over cell domains: propagation that narrows each fact to the
/// cells some satisfying assignment of its constraint's other facts supports (generalised arc
/// consistency, which includes unit propagation in both directions of an implication), and a
/// bounded search for a whole satisfying assignment when propagation alone cannot tell.
public struct ConstraintNetwork: Sendable {
    public struct Member: Sendable {
        public var condition: Condition
        /// The facts it reads, each once.
        public var scope: [Int]
        /// Its satisfying cell tuples, listed once when its facts have few enough cells (see
        /// `ConstraintTable`); nil otherwise, and then each support is searched for when asked.
        var table: ConstraintTable?
    }

    public let members: [Member]
    public let cells: CellTable
    /// Per fact, the constraints that read it.
    public let byFact: [[Int]]
    /// The facts some constraint reads and exploration can split, ascending.
    public let constrainedFacts: [Int]
    /// Most assignments of a constraint's other facts tried to support one cell; past it the
    /// cell is kept (sound: propagation may only narrow less).
    static let supportBudget = 20_000

    public init(_ model: CheckedModel, cells: CellTable) {
        self.cells = cells
        members = model.constraints.map { constraint in
            let scope = constraint.condition.facts
            return Member(condition: constraint.condition, scope: scope,
                          table: ConstraintTable(constraint.condition, scope: scope, cells: cells, budget: Self.supportBudget))
        }
        var byFact = Array(repeating: [Int](), count: model.facts.count)
        for (index, member) in members.enumerated() { for fact in member.scope { byFact[fact].append(index) } }
        self.byFact = byFact
        constrainedFacts = byFact.indices.filter { !byFact[$0].isEmpty && cells.isExplorable($0) }
    }

    public var isEmpty: Bool { members.isEmpty }

    /// What propagation found: the narrowed domains, and for each fact the constraint that last
    /// narrowed it (for the trace); `conflict` is the constraint left with no satisfying
    /// assignment, if any.
    public struct Narrowing: Sendable {
        public var domains: [CellSet]
        public var narrowedBy: [Int: Int] = [:]
        public var conflict: Int?
    }

    /// Narrows `domains` until nothing changes, starting from the constraints in `queue` (all
    /// when nil).
    public func propagate(_ domains: [CellSet], queue: [Int]? = nil) -> Narrowing {
        var state = Narrowing(domains: domains)
        var pending = queue ?? Array(members.indices)
        var queued = Set(pending)
        while let index = pending.popLast() {
            queued.remove(index)
            let member = members[index]
            let supports = member.table?.supports(state.domains)
            for (place, fact) in member.scope.enumerated() where cells.isExplorable(fact) {
                let before = state.domains[fact]
                var after = before
                if let supports {
                    after.bits &= supports[place]
                } else {
                    for cell in before.members where !supported(member, fact, cell, state.domains) { after.remove(cell) }
                }
                guard after != before else { continue }
                state.domains[fact] = after
                state.narrowedBy[fact] = index
                if after.isEmpty {
                    state.conflict = index
                    return state
                }
                for other in byFact[fact] where other != index && queued.insert(other).inserted { pending.append(other) }
            }
            if member.scope.allSatisfy({ state.domains[$0].count == 1 }), !holdsOnSingles(member, state.domains) {
                state.conflict = index
                return state
            }
        }
        return state
    }

    func holdsOnSingles(_ member: Member, _ domains: [CellSet]) -> Bool {
        member.condition.holds { cells.representative($0, domains[$0].only ?? 0) }
    }

    /// Whether some assignment of the constraint's other facts, within their domains, satisfies
    /// it with `fact` in `cell`.
    func supported(_ member: Member, _ fact: Int, _ cell: Int, _ domains: [CellSet]) -> Bool {
        satisfied(member, within: domains, fixing: (fact, cells.representative(fact, cell)))
    }

    /// Whether constraint `index` on its own admits some assignment of its facts within
    /// `domains` (true when there are too many to try, or a fact cannot be explored).
    public func admitsSomeCase(_ index: Int, _ domains: [CellSet]) -> Bool {
        if let table = members[index].table { return table.supports(domains).contains { $0 != 0 } }
        return satisfied(members[index], within: domains, fixing: nil)
    }

    /// Whether some assignment of the member's facts within `domains` (one of them fixed to a
    /// value, if given) satisfies it; true past `supportBudget` assignments or for a fact that
    /// cannot be explored, so that propagation may only narrow less.
    func satisfied(_ member: Member, within domains: [CellSet], fixing fixed: (fact: Int, value: Int64)?) -> Bool {
        let others = member.scope.filter { $0 != fixed?.fact }
        let size = others.reduce(1) { $0 * max(1, domains[$1].count) }
        guard size <= Self.supportBudget, others.allSatisfy({ cells.isExplorable($0) }) else { return true }
        // Values by position in the scope: a constraint reads a handful of facts.
        var values = Array(repeating: Int64(0), count: member.scope.count)
        if let fixed, let place = member.scope.firstIndex(of: fixed.fact) { values[place] = fixed.value }
        let places = others.map { member.scope.firstIndex(of: $0)! }
        return anyAssignment(places[...], member.scope, domains, &values) { assignment in
            member.condition.holds { assignment[member.scope.firstIndex(of: $0)!] }
        }
    }

    /// Tries every assignment of the scope's facts at `places` within their domains until
    /// `accept` holds for one.
    func anyAssignment(_ places: ArraySlice<Int>, _ scope: [Int], _ domains: [CellSet], _ values: inout [Int64],
                       _ accept: ([Int64]) -> Bool) -> Bool {
        guard let place = places.first else { return accept(values) }
        let fact = scope[place]
        var rest = domains[fact].bits
        while rest != 0 {
            values[place] = cells.representative(fact, rest.trailingZeroBitCount)
            rest &= rest - 1
            if anyAssignment(places.dropFirst(), scope, domains, &values, accept) { return true }
        }
        return false
    }

    /// When every constraint holds for every tuple within `domains`, any cell of each fact
    /// completes a solution: the first ones, so the search need not fix the facts one by one.
    /// Nil when some constraint is not entailed or has no table to tell.
    func entailedSolution(_ domains: [CellSet]) -> [CellSet]? {
        for member in members where member.scope.allSatisfy({ cells.isExplorable($0) }) {
            guard let table = member.table, table.isEntailed(domains) else { return nil }
        }
        var solution = domains
        for fact in constrainedFacts where !domains[fact].isEmpty { solution[fact] = .single(domains[fact].bits.trailingZeroBitCount) }
        return solution
    }

    /// What the search for a whole satisfying assignment found.
    public enum Search: Sendable {
        /// Domains with one cell left for every constrained fact, satisfying every constraint.
        case found([CellSet])
        case none
        /// The budget ran out first.
        case undecided

        /// Found, none, or nil when the budget ran out.
        public var satisfiable: Bool? {
            switch self {
            case .found: true
            case .none: false
            case .undecided: nil
            }
        }
    }

    /// Whether some assignment of every constrained fact satisfies all constraints: propagation,
    /// then a search that fixes one fact at a time. Nil when `budget` nodes did not settle it.
    public func satisfiable(_ domains: [CellSet], budget: Int = 2_000) -> Bool? {
        solve(domains, budget: budget).satisfiable
    }

    /// A satisfying assignment within `domains`, if the search finds one within `budget` nodes.
    public func solve(_ domains: [CellSet], budget: Int = 2_000) -> Search {
        var left = budget
        return search(propagate(domains), &left)
    }

    private func search(_ state: Narrowing, _ left: inout Int) -> Search {
        if state.conflict != nil { return .none }
        left -= 1
        if left < 0 { return .undecided }
        if let solution = entailedSolution(state.domains) { return .found(solution) }
        guard let fact = constrainedFacts.filter({ state.domains[$0].count > 1 })
            .min(by: { state.domains[$0].count < state.domains[$1].count }) else {
            // Every constrained fact has one cell left: each constraint was checked on them.
            let holds = members.indices.allSatisfy {
                holdsOnSingles(members[$0], state.domains) || members[$0].scope.contains { !cells.isExplorable($0) }
            }
            return holds ? .found(state.domains) : .none
        }
        var undecided = false
        for cell in state.domains[fact].members {
            var domains = state.domains
            domains[fact] = .single(cell)
            switch search(propagate(domains, queue: byFact[fact]), &left) {
            case .found(let solution): return .found(solution)
            case .undecided: undecided = true
            case .none: continue
            }
        }
        return undecided ? .undecided : .none
    }
}

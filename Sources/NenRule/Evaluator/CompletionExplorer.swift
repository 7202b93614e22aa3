/// Explores one decision's completions for `refine`, a class of cells (`cellClasses`) at a time.
struct CompletionExplorer {
    let evaluator: Evaluator
    let decision: Int
    let base: [(slot: Int, value: Int64)]
    /// The missing facts to explore, with the decision's classes of their cells.
    let open: [Int: [CellSet]]
    /// `open`'s facts in slot order: positions in an `ClassAssignment`.
    let order: [Int]
    let position: [Int: Int]
    /// The open facts the decision's guard reads, directly or through derivations.
    let guardFacts: Set<Int>
    let network: ConstraintNetwork
    let memo: ConstraintMemo
    let statusOnly: Bool
    /// The value the case gives for the fact this decision derives, if it gives one.
    var givenOutput: Int64?
    var leaves: [ExploredLeaf] = []
    var boxesLeft: Int
    /// With `Evaluator.exactStatusOnly`: two completions answered differently, so the decision
    /// is undetermined and exploring on would only refine its outcomes and needs.
    var disagreed = false

    init(evaluator: Evaluator, decision: Int, base: [(slot: Int, value: Int64)], open: [Int: [CellSet]],
         guardFacts: Set<Int>, network: ConstraintNetwork, memo: ConstraintMemo, statusOnly statusOnlyWanted: Bool, budget: Int) {
        self.evaluator = evaluator
        self.decision = decision
        self.base = base
        self.open = open
        order = open.keys.sorted()
        position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        self.guardFacts = guardFacts
        self.network = network
        self.memo = memo
        statusOnly = statusOnlyWanted
        boxesLeft = budget
    }

    /// Asks the scratch evaluator for the Kleene answer with `assigned` fixed (as class
    /// indices) and the other open facts missing; while that answer is still open, splits an
    /// open fact it still needs.
    mutating func explore(_ domains: [CellSet], assigned: ClassAssignment) {
        boxesLeft -= 1
        guard boxesLeft >= 0, !disagreed else { return }
        evaluator.reset()
        for (slot, value) in base { evaluator.values[slot] = value }
        for (place, slot) in order.enumerated() where assigned.isFixed(place) {
            // Every cell of the class answers alike: any one that the constraints left will do.
            evaluator.values[slot] = network.cells.representative(slot, domains[slot].bits.trailingZeroBitCount)
            evaluator.recorded[slot] = true
        }
        evaluator.run(decision)
        let status = evaluator.status[decision]
        let next = status == .undetermined ? nextSplit(assigned, domains) : nil
        if next == nil, agreesWithGiven(status), consistent(domains) {
            let leaf = ExploredLeaf(assigned: assigned, key: key(status), taken: Array(evaluator.taken(by: decision)))
            if statusOnly, let first = leaves.first, first.key != leaf.key { disagreed = true }
            leaves.append(leaf)
        }
        for (place, slot) in order.enumerated() where assigned.isFixed(place) { evaluator.recorded[slot] = false }
        if let next { split(next, domains, assigned) }
    }

    /// The open fact to split next: among those the box's Kleene answer still needs, the one
    /// with fewest classes left. Facts it does not need cannot change that answer, so splitting
    /// them would only multiply boxes. Nil when it needs none: then Kleene is exact here (every
    /// missing fact under an open condition has a value) or the answer waits on a derived fact
    /// no completion derives, and giving that fact is what settles it.
    func nextSplit(_ assigned: ClassAssignment, _ domains: [CellSet]) -> Int? {
        func parts(_ fact: Int) -> Int { open[fact]!.count { $0.bits & domains[fact].bits != 0 } }
        // While the guard is open, its facts first: a class that makes it false is one leaf.
        let guardOpen = evaluator.guardTruth[decision] == .unknown
        var best: (fact: Int, rank: Int)?
        for slot in evaluator.needsView(of: decision) {
            let fact = Int(slot)
            guard let place = position[fact], !assigned.isFixed(place) else { continue }
            let rank = parts(fact) + (guardOpen && !guardFacts.contains(fact) ? 1_000 : 0)
            if best == nil || rank < best!.rank { best = (fact, rank) }
        }
        return best?.fact
    }

    mutating func split(_ fact: Int, _ domains: [CellSet], _ assigned: ClassAssignment) {
        for (index, part) in open[fact]!.enumerated() {
            let within = CellSet(bits: part.bits & domains[fact].bits)
            guard !within.isEmpty else { continue }
            var next = domains
            next[fact] = within
            if !network.byFact[fact].isEmpty {
                guard let narrowed = narrow(next) else { continue }
                next = narrowed
            }
            var deeper = assigned
            deeper.classes[position[fact]!] = Int8(index)
            explore(next, assigned: deeper)
        }
    }

    /// A decision deriving a fact the case gives is asked about completions that agree with
    /// it: one whose derivation decides another value is not this patient.
    func agreesWithGiven(_ status: Status) -> Bool {
        guard let given = givenOutput, status == .decided else { return true }
        let mask = evaluator.outputs(of: decision)
        guard mask.nonzeroBitCount == 1 else { return true }
        return Int64(evaluator.graph.decisions[decision].localOutputs[mask.trailingZeroBitCount]) == given
    }

    /// The cells a derived fact may take in this box: its derived value, else the possible
    /// outputs of its derivation (a constraint on the grade must see what Ki-67 makes of it,
    /// even where the decision explored does not read the grade).
    func derivedCells(_ slot: Int) -> CellSet {
        let cells = network.cells
        let value = evaluator.value(Int32(slot))
        if value != Evaluator.unknown, let cell = cells.cell(of: slot, value: value) { return .single(cell) }
        let by = Int(evaluator.derivedBy[slot])
        guard evaluator.status[by] == .undetermined, evaluator.decisionEpoch[by] == evaluator.epoch else { return cells.full(slot) }
        let decision = evaluator.graph.decisions[by], mask = evaluator.outputs(of: by)
        var possible = CellSet(bits: 0)
        for position in decision.localOutputs.indices where mask & (1 << UInt64(position)) != 0 {
            if let cell = cells.cell(of: slot, value: Int64(decision.localOutputs[position])) { possible.bits |= CellSet.single(cell).bits }
        }
        // No output possible yet (it waits on a recorded fact): any value may still come.
        return possible.isEmpty ? cells.full(slot) : possible
    }

    /// `domains` narrowed by the constraints after a split; nil on a conflict. The domains
    /// before the split were at the fixpoint, so propagating every constraint reaches the one
    /// propagating from the split fact would, and shares the memo with the case's narrowing.
    func narrow(_ domains: [CellSet]) -> [CellSet]? {
        let narrowing = memo.narrowing(domains, network)
        return narrowing.conflict == nil ? narrowing.domains : nil
    }

    /// Whether the constraints admit a whole case here, with the values the scratch evaluator
    /// derived fixed too. Explored facts keep their class's cells (any of them answers alike);
    /// answers are memoised by the constrained facts' domains, which many leaves share.
    func consistent(_ domains: [CellSet]) -> Bool {
        guard !network.isEmpty else { return true }
        var fixed = domains
        for slot in network.constrainedFacts where evaluator.derivedBy[slot] >= 0 {
            fixed[slot] = CellSet(bits: fixed[slot].bits & derivedCells(slot).bits)
            if fixed[slot].isEmpty { return false }
        }
        return memo.satisfiable(fixed, network) != false
    }

    func key(_ status: Status) -> AnswerKey {
        guard status == .decided else { return AnswerKey(status: status, mask: status == .undetermined ? evaluator.outputs(of: decision) : 0, recommendations: []) }
        let compiled = evaluator.graph.decisions[decision]
        let mask = evaluator.outputs(of: decision)
        var pairs: [Int32] = []
        for ref in evaluator.taken(by: decision) {
            guard compiled.kind != .criteria, let branch = ref == Evaluator.otherwise ? compiled.otherwise : compiled.branches[Int(ref)] else { continue }
            for result in branch.results {
                guard let position = compiled.localOutputs.firstIndex(of: Int32(result.output)), mask & (1 << UInt64(position)) != 0 else { continue }
                let pair = Int32(position) << 4 | Int32(result.strength.map { Strength.allCases.firstIndex(of: $0)! + 1 } ?? 0)
                if !pairs.contains(pair) { pairs.append(pair) }
            }
        }
        return AnswerKey(status: status, mask: mask, recommendations: pairs.sorted())
    }
}

/// Exact answers over narrowed domains. The Kleene pass in `evaluateDecision` is sound but
/// judges conditions leaf by leaf: `x < 12.5 mm or x >= 12.5 mm` is unknown for a missing `x`.
/// When it leaves a decision undetermined, `refine` settles it exactly: it narrows every fact
/// by the constraints, then explores the classes of cells of the decision's missing inputs
/// (through the derivations of the derived facts the case leaves missing) one fact at a time,
/// asking a scratch evaluator for the Kleene answer with the rest still missing, and splitting
/// only facts that answer still needs. The decision is decided when every consistent completion
/// gives the same outcomes with the same strengths; its possible outcomes and `needs` come from
/// the completions. A completion is the case with more facts recorded: `known(x)` holds for a
/// fact it splits, so a grade that uses only the indices on record (`known(ki67) and ...`) is
/// one of G1–G3 while Ki-67 is missing. A guard `known(x)` is settled on the record itself by
/// the Kleene pass: with `x` missing such a decision does not apply and is never refined.
/// Past `Exactness.budget` explored boxes the Kleene answer stands and the result says it is
/// approximate.
public enum Exactness {
    /// Most boxes explored for one decision of one case, unless the evaluator says otherwise
    /// (`Evaluator.exactBudget`).
    public static let budget = 4_096
}

/// A completion's answer: what two completions must share for the decision to be decided.
struct AnswerKey: Hashable {
    var status: Status
    var mask: UInt64
    /// (local output, strength) pairs of the recommendations, sorted.
    var recommendations: [Int32]
}

/// One leaf of the exploration: the cells it fixed, its answer, and the branches that gave it.
struct ExploredLeaf {
    var assigned: [Int: Int]
    var key: AnswerKey
    var taken: [Int32]
}

/// The per-evaluator state of exact evaluation, made on first use.
final class ExactState {
    let constraintMemo = ConstraintMemo()
    let scratch: Evaluator
    /// Per decision: the slots it reads, directly or through the decisions deriving them.
    let closure: [[Int32]]
    /// Per decision: the slots its own conditions read, each once.
    let reads: [[Int32]]
    /// Per decision: the slots its own `known(...)` tests read.
    let knownReads: [Set<Int32>]
    /// Per decision: itself and the decisions deriving what it reads, transitively.
    let deciders: [[Int]]
    /// Per decision, made on first use: the cell classes of the facts it reads (`cellClasses`).
    var classes: [[Int: [CellSet]]?]
    var domainsEpoch: UInt32 = 0
    var narrowing = ConstraintNetwork.Narrowing(domains: [])
    /// Per decision, valid for `approximateEpoch`: the budget stopped its exploration.
    var approximate: [UInt32]
    /// See `Evaluator.exactStatusOnly`.
    var statusOnly = false
    /// See `Evaluator.exactBudget`.
    var budget = Exactness.budget

    init(graph: DecisionGraph) {
        scratch = Evaluator(graph: graph, scratch: true)
        var closure = Array(repeating: [Int32](), count: graph.decisions.count)
        var deciders = Array(repeating: [Int](), count: graph.decisions.count)
        var done = Array(repeating: false, count: graph.decisions.count)
        func visit(_ d: Int) {
            guard !done[d] else { return }
            done[d] = true
            let decision = graph.decisions[d]
            var slots: [Int32] = [], by: [Int] = [d]
            for slot in decision.guardReads + decision.branches.flatMap(\.reads) where !slots.contains(slot) {
                slots.append(slot)
                let deriver = Int(graph.derivedBy[Int(slot)])
                guard deriver >= 0, deriver != d else { continue }
                visit(deriver)
                for inner in closure[deriver] where !slots.contains(inner) { slots.append(inner) }
                for inner in deciders[deriver] where !by.contains(inner) { by.append(inner) }
            }
            closure[d] = slots
            deciders[d] = by
        }
        for d in graph.decisions.indices { visit(d) }
        self.closure = closure
        self.deciders = deciders
        classes = Array(repeating: nil, count: graph.decisions.count)
        reads = graph.decisions.map { decision in
            (decision.guardReads + decision.branches.flatMap(\.reads)).reduce(into: [Int32]()) { if !$0.contains($1) { $0.append($1) } }
        }
        knownReads = graph.decisions.map { decision in
            Set(([decision.guardNode] + decision.branches.map(\.node)).flatMap { graph.knownSlots(under: $0) })
        }
        approximate = Array(repeating: 0, count: graph.decisions.count)
    }

    /// The cell classes decision `d` tells apart, per fact it reads.
    func classes(of d: Int, in graph: DecisionGraph) -> [Int: [CellSet]] {
        if let known = classes[d] { return known }
        // Leaves are checked against the constraints with constrained derived facts derived
        // from a class's representative: those derivations must not tell its cells apart either.
        var testing = deciders[d]
        for slot in graph.network.constrainedFacts where graph.derivedBy[slot] >= 0 {
            for decision in deciders[Int(graph.derivedBy[slot])] where !testing.contains(decision) { testing.append(decision) }
        }
        let made = graph.cellClasses(of: testing, facts: closure[d])
        classes[d] = made
        return made
    }
}

extension Evaluator {
    /// The case's facts as cell sets, narrowed by the constraints; computed once per case.
    func caseNarrowing() -> ConstraintNetwork.Narrowing {
        let state = exactState
        if state.domainsEpoch != epoch {
            state.domainsEpoch = epoch
            state.narrowing = state.constraintMemo.caseNarrowing(knownDomains(), graph.network)
        }
        return state.narrowing
    }

    /// Each fact with a value in this case as its one cell, every other fact as all of its cells.
    func knownDomains() -> [CellSet] {
        let cells = graph.network.cells
        return graph.facts.indices.map { fact in
            let value = values.storage[fact]
            guard value != Evaluator.unknown, let cell = cells.cell(of: fact, value: value) else { return cells.full(fact) }
            return .single(cell)
        }
    }

    /// The slots `d` reads in this case, directly or through the derivations of the derived
    /// facts the case leaves missing (a given grade makes Ki-67 no input of the decisions
    /// reading the grade), and the slots their `known(...)` tests read.
    func liveReads(_ d: Int) -> (slots: [Int32], known: Set<Int32>) {
        let state = exactState
        var slots: [Int32] = [], known = Set<Int32>(), visited: Set<Int> = [d]
        func visit(_ decision: Int) {
            known.formUnion(state.knownReads[decision])
            for slot in state.reads[decision] where !slots.contains(slot) {
                slots.append(slot)
                let by = Int(graph.derivedBy[Int(slot)])
                if by >= 0, !settled(Int(slot)), visited.insert(by).inserted { visit(by) }
            }
        }
        visit(d)
        return (slots, known)
    }

    /// Whether a slot's value holds in every completion the exploration may try. A given value
    /// does. A derived one may rest on the constraints (Ki-67 missing, yet the grade decided
    /// because they exclude the other values): a completion that contradicts it must be seen to,
    /// so under constraints its derivation is explored again rather than taken as given.
    func settled(_ slot: Int) -> Bool {
        guard values.storage[slot] != Evaluator.unknown else { return false }
        return graph.network.isEmpty || derivedBy[slot] < 0 || derivedEpoch[slot] != epoch
    }

    /// The slots `d`'s guard reads, directly or through derivations (static).
    func guardReads(_ d: Int) -> [Int32] {
        let state = exactState
        var slots: [Int32] = []
        for slot in graph.decisions[d].guardReads where !slots.contains(slot) {
            slots.append(slot)
            let by = Int(graph.derivedBy[Int(slot)])
            if by >= 0, by != d { for inner in state.closure[by] where !slots.contains(inner) { slots.append(inner) } }
        }
        return slots
    }

    /// Settles an undetermined decision exactly (see `Exactness`).
    func refine(_ d: Int) {
        let narrowing = caseNarrowing()
        guard narrowing.conflict == nil else { return }
        let state = exactState
        let cells = graph.network.cells
        let classes = state.classes(of: d, in: graph)
        var base: [(slot: Int, value: Int64)] = []
        var open: [Int: [CellSet]] = [:]
        let live = liveReads(d)
        for slot in live.slots.map({ Int($0) }) {
            if settled(slot) { base.append((slot, values.storage[slot])); continue }
            guard graph.derivedBy[slot] < 0, let factClasses = classes[slot] else { continue }
            let domain = narrowing.domains[slot]
            // A fact the constraints narrowed into one class is as good as given for `d`.
            let meeting = factClasses.filter { $0.bits & domain.bits != 0 }
            if meeting.count == 1, let first = domain.members.first { base.append((slot, cells.representative(slot, first))) }
            else { open[slot] = factClasses }
        }
        if !graph.network.isEmpty {
            // Every given fact, read or not: a derivation the constraints see may read it.
            let read = Set(live.slots.map { Int($0) })
            for k in 0..<values.writtenCount.pointee {
                let slot = Int(values.written[k])
                if !read.contains(slot), values.storage[slot] != Evaluator.unknown { base.append((slot, values.storage[slot])) }
            }
        }
        let guardFacts = Set(guardReads(d).map { Int($0) }).intersection(open.keys)
        let derives = Int(graph.decisions[d].derives)
        var explorer = CompletionExplorer(evaluator: state.scratch, decision: d, base: base, open: open,
                                          guardFacts: guardFacts, network: graph.network, memo: state.constraintMemo,
                                          statusOnly: state.statusOnly, budget: state.budget)
        if derives >= 0, values.storage[derives] != Evaluator.unknown, derivedEpoch[derives] != epoch {
            explorer.givenOutput = values.storage[derives]
        }
        for (slot, _) in base where values.storage[slot] != Evaluator.unknown { state.scratch.recorded[slot] = true }
        explorer.explore(narrowing.domains, assigned: [:])
        for (slot, _) in base { state.scratch.recorded[slot] = false }
        guard !explorer.leaves.isEmpty, explorer.boxesLeft >= 0, !explorer.disagreed else {
            if explorer.boxesLeft < 0 { state.approximate[d] = epoch }
            return
        }
        apply(explorer.leaves, to: d, open: open, knownReads: live.known)
        if tracing { recordNarrowings(d, narrowing) }
    }

    /// Overwrites the Kleene answer with the one all completions give.
    func apply(_ leaves: [ExploredLeaf], to d: Int, open: [Int: [CellSet]], knownReads: Set<Int32>) {
        let keys = Set(leaves.map(\.key))
        let applicable = keys.filter { $0.status != .notApplicable }.count
        guardTruth[d] = applicable == 0 ? .false : applicable == keys.count ? .true : .unknown
        dropTaken(d)
        if keys.count == 1, let key = keys.first, key.status != .undetermined {
            setResult(d, key.status, key.mask)
            var taken: [Int32] = []
            for leaf in leaves { for ref in leaf.taken where !taken.contains(ref) { taken.append(ref) } }
            for ref in taken.sorted(by: { ($0 < 0 ? Int32.max : $0) < ($1 < 0 ? Int32.max : $1) }) { take(d, ref) }
            storeNeeds(d, [])
            return
        }
        setResult(d, .undetermined, keys.reduce(0) { $0 | $1.mask })
        storeNeeds(d, neededSlots(d, leaves, keys, open, knownReads))
    }

    /// Records `slots` as the decision's needs for this case.
    func storeNeeds(_ d: Int, _ slots: [Int32]) {
        scalars.pointee.needsDirty = true
        needsStart[d] = Int32(needsStore.pointee.count)
        for slot in slots { needsStore.pointee.append(slot) }
        needsCount[d] = Int32(slots.count)
        needsEpoch[d] = epoch
    }

    /// Whether the exploration budget cut this decision's exploration short in this case.
    public func isApproximate(_ d: Int) -> Bool {
        guard let state = exactStorage else { return false }
        return state.approximate[d] == epoch && decisionEpoch[d] == epoch
    }
}

extension DecisionGraph {
    /// The slots that `known(...)` tests under a node read.
    func knownSlots(under node: Int32) -> [Int32] {
        guard node >= 0 else { return [] }
        switch nodes[Int(node)] {
        case .known(let slot): return [slot]
        case .not(let inner): return knownSlots(under: inner)
        case .and(let start, let count), .or(let start, let count):
            return operands[Int(start)..<Int(start + count)].flatMap { knownSlots(under: $0) }
        case .constant, .isTrue, .compare, .member: return []
        }
    }
}

/// Explores one decision's completions for `refine`, a class of cells (`cellClasses`) at a time.
struct CompletionExplorer {
    let evaluator: Evaluator
    let decision: Int
    let base: [(slot: Int, value: Int64)]
    /// The missing facts to explore, with the decision's classes of their cells.
    let open: [Int: [CellSet]]
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
        self.guardFacts = guardFacts
        self.network = network
        self.memo = memo
        statusOnly = statusOnlyWanted
        boxesLeft = budget
    }

    /// Asks the scratch evaluator for the Kleene answer with `assigned` fixed (as class
    /// indices) and the other open facts missing; while that answer is still open, splits an
    /// open fact it still needs.
    mutating func explore(_ domains: [CellSet], assigned: [Int: Int]) {
        boxesLeft -= 1
        guard boxesLeft >= 0, !disagreed else { return }
        evaluator.reset()
        for (slot, value) in base { evaluator.values[slot] = value }
        for slot in assigned.keys {
            // Every cell of the class answers alike: any one that the constraints left will do.
            evaluator.values[slot] = network.cells.representative(slot, domains[slot].members[0])
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
        for slot in assigned.keys { evaluator.recorded[slot] = false }
        if let next { split(next, domains, assigned) }
    }

    /// The open fact to split next: among those the box's Kleene answer still needs, the one
    /// with fewest classes left. Facts it does not need cannot change that answer, so splitting
    /// them would only multiply boxes. Nil when it needs none: then Kleene is exact here (every
    /// missing fact under an open condition has a value) or the answer waits on a derived fact
    /// no completion derives, and giving that fact is what settles it.
    func nextSplit(_ assigned: [Int: Int], _ domains: [CellSet]) -> Int? {
        func parts(_ fact: Int) -> Int { open[fact]!.count { $0.bits & domains[fact].bits != 0 } }
        // While the guard is open, its facts first: a class that makes it false is one leaf.
        let guardOpen = evaluator.guardTruth[decision] == .unknown
        var best: (fact: Int, rank: Int)?
        for slot in evaluator.needsView(of: decision) {
            let fact = Int(slot)
            guard open[fact] != nil, assigned[fact] == nil else { continue }
            let rank = parts(fact) + (guardOpen && !guardFacts.contains(fact) ? 1_000 : 0)
            if best == nil || rank < best!.rank { best = (fact, rank) }
        }
        return best?.fact
    }

    mutating func split(_ fact: Int, _ domains: [CellSet], _ assigned: [Int: Int]) {
        for (index, part) in open[fact]!.enumerated() {
            let within = CellSet(bits: part.bits & domains[fact].bits)
            guard !within.isEmpty else { continue }
            var next = domains
            next[fact] = within
            if !network.byFact[fact].isEmpty {
                guard let narrowed = narrow(next, from: fact) else { continue }
                next = narrowed
            }
            var deeper = assigned
            deeper[fact] = index
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

    /// `domains` narrowed by the constraints after `fact` was split; nil on a conflict.
    /// Memoised by the constrained facts' domains: only they take part.
    func narrow(_ domains: [CellSet], from fact: Int) -> [CellSet]? {
        let key = network.constrainedFacts.map { domains[$0].bits }
        let narrowed: [UInt64]?
        if let known = memo.narrowed[key] {
            narrowed = known
        } else {
            let result = network.propagate(domains, queue: network.byFact[fact])
            narrowed = result.conflict == nil ? network.constrainedFacts.map { result.domains[$0].bits } : nil
            memo.store(&memo.narrowed, key, narrowed)
        }
        guard let narrowed else { return nil }
        var next = domains
        for (index, slot) in network.constrainedFacts.enumerated() { next[slot] = CellSet(bits: narrowed[index]) }
        return next
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
        let key = network.constrainedFacts.map { fixed[$0].bits }
        if let known = memo.satisfiable[key] { return known }
        let answer = network.satisfiable(fixed) != false
        memo.store(&memo.satisfiable, key, answer)
        return answer
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

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

/// The classes a box fixes, by the position of each open fact in the explorer's `order`;
/// -1 where the fact is still open. A flat vector: boxes copy it and `needs` hashes it.
struct ClassAssignment: Hashable {
    var classes: [Int8]

    init(count: Int) { classes = Array(repeating: -1, count: count) }

    func isFixed(_ position: Int) -> Bool { classes[position] >= 0 }
}

/// One leaf of the exploration: the classes it fixed, its answer, and the branches that gave it.
struct ExploredLeaf {
    var assigned: ClassAssignment
    var key: AnswerKey
    var taken: [Int32]
}

extension Evaluator {
    /// The case's facts as cell sets, narrowed by the constraints; computed once per case.
    func caseNarrowing() -> ConstraintNetwork.Narrowing {
        let state = exactState
        if state.domainsEpoch != epoch {
            state.domainsEpoch = epoch
            state.narrowing = state.constraintMemo.narrowing(knownDomains(), graph.network)
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
        let guardFacts = state.guardClosure[d].intersection(open.keys)
        let derives = Int(graph.decisions[d].derives)
        var explorer = CompletionExplorer(evaluator: state.scratch, decision: d, base: base, open: open,
                                          guardFacts: guardFacts, network: graph.network, memo: state.constraintMemo,
                                          statusOnly: state.statusOnly, budget: state.budget)
        if derives >= 0, values.storage[derives] != Evaluator.unknown, derivedEpoch[derives] != epoch {
            explorer.givenOutput = values.storage[derives]
        }
        for (slot, _) in base where values.storage[slot] != Evaluator.unknown { state.scratch.recorded[slot] = true }
        explorer.explore(narrowing.domains, assigned: ClassAssignment(count: explorer.order.count))
        for (slot, _) in base { state.scratch.recorded[slot] = false }
        guard !explorer.leaves.isEmpty, explorer.boxesLeft >= 0, !explorer.disagreed else {
            if explorer.boxesLeft < 0 { state.approximate[d] = epoch }
            return
        }
        apply(explorer.leaves, to: d, order: explorer.order, knownReads: live.known)
        if tracing { recordNarrowings(d, narrowing) }
    }

    /// Overwrites the Kleene answer with the one all completions give.
    func apply(_ leaves: [ExploredLeaf], to d: Int, order: [Int], knownReads: Set<Int32>) {
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
        storeNeeds(d, neededSlots(d, leaves, keys, order, knownReads))
    }

    /// Records `slots` as the decision's needs for this case.
    func storeNeeds(_ d: Int, _ slots: [Int32]) {
        needsDirty = true
        needsStart[d] = Int32(needsStore.count)
        for slot in slots { needsStore.append(slot) }
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

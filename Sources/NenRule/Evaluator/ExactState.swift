/// The per-evaluator state of exact evaluation, made on first use.
final class ExactState {
    let constraintMemo = ConstraintMemo()
    let answers = AnswerMemo()
    let scratch: Evaluator
    /// Per decision: the slots it reads, directly or through the decisions deriving them.
    let closure: [[Int32]]
    /// Per decision: the slots its own conditions read, each once.
    let reads: [[Int32]]
    /// Per decision: the slots its own `known(...)` tests read.
    let knownReads: [Set<Int32>]
    /// Per decision: itself and the decisions deriving what it reads, transitively.
    let deciders: [[Int]]
    /// Per decision: the slots its guard reads, directly or through derivations.
    let guardClosure: [Set<Int>]
    /// Per decision, made on first use: the cell classes of the facts it reads (`cellClasses`).
    var classes: [[Int: [CellSet]]?]
    var domainsEpoch: UInt32 = 0
    var narrowing = ConstraintNetwork.Narrowing(domains: [])
    /// Per decision, the epoch of the case in which the budget stopped its exploration.
    var approximate: [UInt32]
    /// See `Evaluator.exactStatusOnly`; memoised answers hold for the settings they were made under.
    var statusOnly = false { didSet { answers.removeAll() } }
    /// See `Evaluator.exactBudget`.
    var budget = Exactness.budget { didSet { answers.removeAll() } }

    init(graph: DecisionGraph) {
        scratch = Evaluator(graph: graph, scratch: true)
        let reads = graph.decisions.map { decision in
            (decision.guardReads + decision.branches.flatMap(\.reads)).reduce(into: [Int32]()) { if !$0.contains($1) { $0.append($1) } }
        }
        var closure = Array(repeating: [Int32](), count: graph.decisions.count)
        var deciders = Array(repeating: [Int](), count: graph.decisions.count)
        var done = Array(repeating: false, count: graph.decisions.count)
        func visit(_ d: Int) {
            guard !done[d] else { return }
            done[d] = true
            var slots: [Int32] = [], by: [Int] = [d]
            for slot in reads[d] {
                if !slots.contains(slot) { slots.append(slot) }
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
        self.reads = reads
        self.closure = closure
        self.deciders = deciders
        guardClosure = graph.decisions.indices.map { d in
            graph.decisions[d].guardReads.reduce(into: Set<Int>()) { slots, slot in
                slots.insert(Int(slot))
                let by = Int(graph.derivedBy[Int(slot)])
                if by >= 0, by != d { slots.formUnion(closure[by].map { Int($0) }) }
            }
        }
        classes = Array(repeating: nil, count: graph.decisions.count)
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

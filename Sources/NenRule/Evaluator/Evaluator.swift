/// Runs a `DecisionGraph` on one case at a time. Node truths and decision results are memoised
/// per case with an epoch counter, so nothing is cleared or allocated between cases on the
/// evaluation path itself; derived facts are computed on first read.
public struct Evaluator {
    /// The slot value that means "not given and not derived".
    public static let unknown = Int64.min

    public let graph: DecisionGraph
    public var tracing = false

    /// The case's slot values; derived values are written here when computed.
    public var values: [Int64]
    var nodeTruth: [Truth]
    var nodeEpoch: [UInt32]
    var decisionEpoch: [UInt32]
    var decisionInProgress: [Bool]
    var results: [DecisionResult?]
    var epoch: UInt32 = 1
    /// Trace events of the decision being evaluated (a stack, as derivations nest).
    var traceStack: [[TraceEvent]] = []
    var caseDiagnostics: [Diagnostic] = []

    public init(graph: DecisionGraph) {
        self.graph = graph
        values = Array(repeating: Evaluator.unknown, count: graph.facts.count)
        nodeTruth = Array(repeating: .unknown, count: graph.nodes.count)
        nodeEpoch = Array(repeating: 0, count: graph.nodes.count)
        decisionEpoch = Array(repeating: 0, count: graph.decisions.count)
        decisionInProgress = Array(repeating: false, count: graph.decisions.count)
        results = Array(repeating: nil, count: graph.decisions.count)
    }

    /// Starts a new case: every slot unknown, every memo stale.
    public mutating func reset() {
        for slot in values.indices { values[slot] = Evaluator.unknown }
        epoch &+= 1
        if epoch == 0 {
            // After 2^32 cases the counters wrap; clear them once rather than risk a stale hit.
            for i in nodeEpoch.indices { nodeEpoch[i] = 0 }
            for i in decisionEpoch.indices { decisionEpoch[i] = 0 }
            epoch = 1
        }
        caseDiagnostics.removeAll(keepingCapacity: true)
    }

    /// Evaluates the given decisions (all when nil) for the case currently in `values`.
    public mutating func evaluate(_ selection: [Int]? = nil) -> Evaluation {
        let chosen = selection ?? Array(graph.decisions.indices)
        let decisions = chosen.map { decide($0) }
        return Evaluation(decisions: decisions, diagnostics: caseDiagnostics)
    }

    /// The memoised result of one decision for this case.
    public mutating func decide(_ index: Int) -> DecisionResult {
        if decisionEpoch[index] == epoch, let done = results[index] { return done }
        decisionInProgress[index] = true
        if tracing { traceStack.append([.entered(decision: graph.decisions[index].id)]) }
        var result = run(index)
        if tracing { result.trace = traceStack.removeLast() }
        decisionInProgress[index] = false
        results[index] = result
        decisionEpoch[index] = epoch
        return result
    }

    /// Every decision evaluated for the current case so far, including those that derived facts.
    public func evaluatedResults() -> [(decision: Int, result: DecisionResult)] {
        results.indices.compactMap { index in
            decisionEpoch[index] == epoch ? results[index].map { (index, $0) } : nil
        }
    }

    mutating func emit(_ event: TraceEvent) {
        guard tracing, !traceStack.isEmpty else { return }
        traceStack[traceStack.count - 1].append(event)
    }

    // MARK: facts

    /// A slot's value, deriving it first if the case did not give it.
    mutating func value(_ slot: Int32) -> Int64 {
        let current = values[Int(slot)]
        let by = graph.derivedBy[Int(slot)]
        guard current == Evaluator.unknown, by >= 0, !decisionInProgress[Int(by)] else { return current }
        if decisionEpoch[Int(by)] == epoch { return current }
        let result = decide(Int(by))
        if result.status == .decided, result.outcomes.count == 1,
           let member = graph.decisions[Int(by)].outputNames.firstIndex(of: result.outcomes[0]) {
            values[Int(slot)] = Int64(member)
        }
        emit(.derived(fact: graph.facts[Int(slot)].name, value: reading(slot).value, by: graph.decisions[Int(by)].id))
        return values[Int(slot)]
    }

    func reading(_ slot: Int32) -> FactReading {
        let raw = values[Int(slot)]
        let fact = graph.facts[Int(slot)]
        return FactReading(fact: fact.name, value: raw == Evaluator.unknown ? nil : fact.display(raw), derived: graph.derivedBy[Int(slot)] >= 0)
    }

    func readings(_ slots: [Int32]) -> [FactReading] { slots.map { reading($0) } }

    // MARK: conditions

    /// Kleene truth of a node, memoised for the case.
    mutating func truth(_ index: Int32) -> Truth {
        let i = Int(index)
        if nodeEpoch[i] == epoch { return nodeTruth[i] }
        let result: Truth
        switch graph.nodes[i] {
        case .constant(let value): result = value ? .true : .false
        case .isTrue(let slot):
            let v = value(slot)
            result = v == Evaluator.unknown ? .unknown : (v != 0 ? .true : .false)
        case .known(let slot): result = value(slot) == Evaluator.unknown ? .false : .true
        case .compare(let slot, let op, let bound):
            let v = value(slot)
            result = v == Evaluator.unknown ? .unknown : (Evaluator.compare(v, op, bound) ? .true : .false)
        case .member(let slot, let mask):
            let v = value(slot)
            result = v == Evaluator.unknown ? .unknown : (v >= 0 && v < 64 && mask & (1 << UInt64(v)) != 0 ? .true : .false)
        case .not(let inner):
            switch truth(inner) {
            case .true: result = .false
            case .false: result = .true
            case .unknown: result = .unknown
            }
        case .and(let start, let count):
            var acc = Truth.true
            for k in Int(start)..<Int(start + count) {
                let t = truth(graph.operands[k])
                if t == .false { acc = .false; break }
                if t == .unknown { acc = .unknown }
            }
            result = acc
        case .or(let start, let count):
            var acc = Truth.false
            for k in Int(start)..<Int(start + count) {
                let t = truth(graph.operands[k])
                if t == .true { acc = .true; break }
                if t == .unknown { acc = .unknown }
            }
            result = acc
        }
        nodeTruth[i] = result
        nodeEpoch[i] = epoch
        return result
    }

    @inline(__always)
    static func compare(_ value: Int64, _ op: RelOp, _ bound: Int64) -> Bool {
        switch op {
        case .eq: value == bound
        case .ne: value != bound
        case .lt: value < bound
        case .le: value <= bound
        case .gt: value > bound
        case .ge: value >= bound
        }
    }
}

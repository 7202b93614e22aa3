/// Runs a `DecisionGraph` on one case at a time.
///
/// The hot path allocates nothing per case: slot values, node truths and per-decision results
/// live in arrays sized once, and an epoch counter makes last case's memos stale without
/// clearing them. A decision's result is compact — a status, its outputs as a bit mask over the
/// decision's local outputs, and the branches that decided it — and turns into a
/// `DecisionResult` with names and citations only when asked (`decide`, `evaluate`).
public struct Evaluator {
    /// The slot value that means "not given and not derived".
    public static let unknown = Int64.min

    public let graph: DecisionGraph
    /// The graph's flat tables, held directly so hot reads do not go through `graph`.
    let plan: Plan
    let nodes: [DecisionGraph.Node]
    let operands: [Int32]
    let derivedBy: [Int32]
    /// Record trace events (costs time; off for batch runs unless asked).
    public var tracing = false

    /// The case's slot values; derived values are written here when computed.
    public var values: [Int64]
    var nodeTruth: [Truth]
    var nodeEpoch: [UInt32]
    var epoch: UInt32 = 1

    // Per decision, valid when `decisionEpoch[d] == epoch`.
    var decisionEpoch: [UInt32]
    var inProgress: [Bool]
    var status: [Status]
    var outputMask: [UInt64]
    var guardTruth: [Truth]
    var takenStart: [Int32]
    var takenCount: [Int32]
    /// Branch indices (-1 = otherwise; criteria: answer index) of every decision this case.
    var takenBuffer: [Int32] = []

    // Needs, computed on demand for undetermined decisions.
    var needsEpoch: [UInt32]
    var needsStart: [Int32]
    var needsCount: [Int32]
    var needsBuffer: [Int32] = []
    var wanted: [Bool]
    var wantedSlots: [Int32] = []
    /// Decisions already visited by the current `needs` computation (stamped, never cleared).
    var needsVisit: [UInt32]
    var visitStamp: UInt32 = 0
    /// Per slot: the case in which derivation was last attempted.
    var derivedEpoch: [UInt32]

    var trace: [TraceRecord] = []
    var caseDiagnostics: [Diagnostic] = []

    public init(graph: DecisionGraph) {
        self.graph = graph
        plan = graph.plan
        nodes = graph.nodes
        operands = graph.operands
        derivedBy = graph.derivedBy
        let decisions = graph.decisions.count
        values = Array(repeating: Evaluator.unknown, count: graph.facts.count)
        wanted = Array(repeating: false, count: graph.facts.count)
        derivedEpoch = Array(repeating: 0, count: graph.facts.count)
        nodeTruth = Array(repeating: .unknown, count: graph.nodes.count)
        nodeEpoch = Array(repeating: 0, count: graph.nodes.count)
        decisionEpoch = Array(repeating: 0, count: decisions)
        inProgress = Array(repeating: false, count: decisions)
        status = Array(repeating: .notApplicable, count: decisions)
        outputMask = Array(repeating: 0, count: decisions)
        guardTruth = Array(repeating: .true, count: decisions)
        takenStart = Array(repeating: 0, count: decisions)
        takenCount = Array(repeating: 0, count: decisions)
        needsEpoch = Array(repeating: 0, count: decisions)
        needsVisit = Array(repeating: 0, count: decisions)
        needsStart = Array(repeating: 0, count: decisions)
        needsCount = Array(repeating: 0, count: decisions)
        takenBuffer.reserveCapacity(decisions * 2)
    }

    /// Starts a new case: every slot unknown, every memo stale.
    public mutating func reset() {
        for slot in values.indices { values[slot] = Evaluator.unknown }
        epoch &+= 1
        if epoch == 0 {
            // After 2^32 cases the counter wraps; clear once rather than risk a stale hit.
            for i in nodeEpoch.indices { nodeEpoch[i] = 0 }
            for i in derivedEpoch.indices { derivedEpoch[i] = 0 }
            for i in decisionEpoch.indices { decisionEpoch[i] = 0; needsEpoch[i] = 0 }
            epoch = 1
        }
        takenBuffer.removeAll(keepingCapacity: true)
        needsBuffer.removeAll(keepingCapacity: true)
        if !trace.isEmpty { trace.removeAll(keepingCapacity: true) }
        if !caseDiagnostics.isEmpty { caseDiagnostics.removeAll() }
    }

    /// Evaluates the given decisions (all when nil) and returns named results.
    public mutating func evaluate(_ selection: [Int]? = nil) -> Evaluation {
        let chosen = selection ?? Array(graph.decisions.indices)
        for decision in chosen { run(decision) }
        return Evaluation(decisions: chosen.map { result($0) }, diagnostics: caseDiagnostics)
    }

    /// The named result of one decision for this case (evaluating it if needed).
    public mutating func decide(_ index: Int) -> DecisionResult {
        run(index)
        return result(index)
    }

    /// Every decision evaluated for the current case, including those that derived facts.
    public mutating func evaluatedResults() -> [(decision: Int, result: DecisionResult)] {
        graph.decisions.indices.filter { decisionEpoch[$0] == epoch }.map { ($0, result($0)) }
    }

    /// Diagnostics raised while evaluating this case (gaps hit, `unique` violated).
    public var diagnostics: [Diagnostic] { caseDiagnostics }

    // MARK: compact results, for batch writers

    /// Evaluates one decision into the compact arrays, once per case.
    public mutating func run(_ index: Int) {
        guard decisionEpoch[index] != epoch else { return }
        inProgress[index] = true
        if tracing { record(.entered, index) }
        evaluateDecision(index)
        inProgress[index] = false
        decisionEpoch[index] = epoch
    }

    public func status(of decision: Int) -> Status { status[decision] }
    /// Outputs (decided) or possible outputs (undetermined) as bits over `localOutputs`.
    public func outputs(of decision: Int) -> UInt64 { outputMask[decision] }
    /// The branches that decided it (-1 = `otherwise`).
    public func taken(by decision: Int) -> ArraySlice<Int32> {
        guard takenCount[decision] > 0 else { return takenBuffer[0..<0] }
        let start = Int(takenStart[decision])
        return takenBuffer[start..<start + Int(takenCount[decision])]
    }

    // MARK: facts

    /// A slot's value, deriving it first if the case did not give it.
    @inline(__always)
    mutating func value(_ slot: Int32) -> Int64 {
        let current = values[Int(slot)]
        let by = derivedBy[Int(slot)]
        guard current == Evaluator.unknown, by >= 0 else { return current }
        return derive(slot, Int(by))
    }

    /// Fills a derived slot from its decision, at most once per case (whether or not that
    /// decision already ran for this case, e.g. because it was asked for directly).
    mutating func derive(_ slot: Int32, _ by: Int) -> Int64 {
        guard !inProgress[by], derivedEpoch[Int(slot)] != epoch else { return values[Int(slot)] }
        derivedEpoch[Int(slot)] = epoch
        run(by)
        let mask = outputMask[by]
        if status[by] == .decided, mask != 0, mask & (mask - 1) == 0 {
            values[Int(slot)] = Int64(plan.localOutputs[Int(plan.localStart[by]) + mask.trailingZeroBitCount])
        }
        if tracing { record(.derived, currentDecision(), index: Int32(slot), aux: Int32(by)) }
        return values[Int(slot)]
    }

    // MARK: conditions

    /// Kleene truth of a node, memoised for the case.
    mutating func truth(_ index: Int32) -> Truth {
        let i = Int(index)
        if nodeEpoch[i] == epoch { return nodeTruth[i] }
        let result: Truth
        switch nodes[i] {
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
            let t = truth(inner)
            result = t == .unknown ? .unknown : (t == .true ? .false : .true)
        case .and(let start, let count):
            var acc = Truth.true
            for k in Int(start)..<Int(start + count) {
                let t = truth(operands[k])
                if t == .false { acc = .false; break }
                if t == .unknown { acc = .unknown }
            }
            result = acc
        case .or(let start, let count):
            var acc = Truth.false
            for k in Int(start)..<Int(start + count) {
                let t = truth(operands[k])
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

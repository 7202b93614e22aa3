/// Runs a `DecisionGraph` on one case at a time.
///
/// The hot path allocates nothing per case and pays no copy-on-write checks: slot values, node
/// truths and per-decision results live in buffers this object allocates once, and an epoch
/// counter makes last case's memos stale without clearing them. A decision's result is compact —
/// a status, its outputs as a bit mask over the decision's local outputs, and the branches that
/// decided it — and becomes a `DecisionResult` with names and citations only when asked
/// (`decide`, `evaluate`). An evaluator is used by one thread at a time; make one per thread.
public final class Evaluator {
    /// The slot value that means "not given and not derived".
    public static let unknown = Int64.min

    public let graph: DecisionGraph
    /// The graph's flat tables, in buffers of our own so hot reads involve no reference counting.
    let plan: PlanView
    var exec: UnsafeMutableBufferPointer<ExecNode> { plan.exec }
    var operands: UnsafeMutableBufferPointer<Int32> { plan.operands }
    var derivedBy: UnsafeMutableBufferPointer<Int32> { plan.derivedBy }
    // Mutable scalars of the hot path. A stored `var` of a class is checked for exclusive
    // access on every use, which costs more than the work it guards; these are touched only
    // by the one thread that owns the evaluator, so the check is switched off.

    /// Record trace events (costs time; off for batch runs unless asked).
    @exclusivity(unchecked) public var tracing = false
    @exclusivity(unchecked) var takenUsed = 0
    @exclusivity(unchecked) var visitStamp: UInt32 = 0
    /// Whether the case wrote to the rarely used stores below, so `reset` can skip them.
    @exclusivity(unchecked) var needsDirty = false
    @exclusivity(unchecked) var traceDirty = false
    @exclusivity(unchecked) var diagnosticsDirty = false
    /// How many slots `wantedSlots` holds.
    @exclusivity(unchecked) var wantedCount = 0

    /// The case's slot values; derived values are written here when computed. Write given facts
    /// here after `reset()`.
    public let values: SlotValues
    /// Per node: the epoch it was evaluated in (<< 2) and its truth (low 2 bits).
    let nodeMemo: UnsafeMutableBufferPointer<UInt32>
    /// The current case's number; every per-case memo is valid only when stamped with it.
    @exclusivity(unchecked) var epoch: UInt32 = 1

    // Per decision, valid when `decisionEpoch[d] == epoch`.
    let decisionEpoch: UnsafeMutableBufferPointer<UInt32>
    let inProgress: UnsafeMutableBufferPointer<Bool>
    @usableFromInline let status: UnsafeMutableBufferPointer<Status>
    @usableFromInline let outputMask: UnsafeMutableBufferPointer<UInt64>
    let guardTruth: UnsafeMutableBufferPointer<Truth>
    let takenStart: UnsafeMutableBufferPointer<Int32>
    let takenCount: UnsafeMutableBufferPointer<Int32>
    /// Branch indices (-1 = otherwise; criteria: answer index) of every decision this case:
    /// at most one per branch and `otherwise`, so a fixed buffer suffices.
    let takenBuffer: UnsafeMutableBufferPointer<Int32>
    /// Per flat branch: its truth when its decision last ran, so that policies making several
    /// passes (`collect`, `highest`) evaluate each condition once.
    let branchTruths: UnsafeMutableBufferPointer<Truth>

    // Needs, computed on demand for undetermined decisions.
    let needsEpoch: UnsafeMutableBufferPointer<UInt32>
    let needsStart: UnsafeMutableBufferPointer<Int32>
    let needsCount: UnsafeMutableBufferPointer<Int32>
    /// Every needs list of this case, end to end.
    @exclusivity(unchecked) var needsStore = GrowableBuffer<Int32>(capacity: 256)
    let wanted: UnsafeMutableBufferPointer<Bool>
    /// The slots the current `needs` computation has found (each at most once: `wanted`).
    let wantedSlots: UnsafeMutableBufferPointer<Int32>
    /// Decisions already visited by the current `needs` computation (stamped, never cleared).
    let needsVisit: UnsafeMutableBufferPointer<UInt32>
    /// Per slot: the case in which derivation was last attempted.
    let derivedEpoch: UnsafeMutableBufferPointer<UInt32>

    /// The case's trace records, in recording order.
    @exclusivity(unchecked) var traceStore = GrowableBuffer<TraceRecord>(capacity: 64)
    var trace: UnsafeBufferPointer<TraceRecord> { traceStore.elements }
    var caseDiagnostics: [Diagnostic] = []

    /// A scratch evaluator answers with Kleene logic alone: it is what `refine` asks.
    let isScratch: Bool
    /// Scratch evaluators only: the base facts on record — the case's given facts and, in a
    /// completion, the facts it splits. `known(...)` of any other base fact with a value (one
    /// the constraints narrowed to a class, say) stays false; a derived value counts as known.
    let recorded: UnsafeMutableBufferPointer<Bool>
    var exactStorage: ExactState?
    /// Exact evaluation's state, made on first use (a fully known case never needs it).
    var exactState: ExactState {
        if let made = exactStorage { return made }
        let made = ExactState(graph: graph)
        exactStorage = made
        return made
    }
    /// When set, exact evaluation settles only the status: an undetermined decision keeps the
    /// Kleene pass's possible outcomes and needs (a superset), and exploration stops at the first
    /// two completions that disagree. For callers that ask only "decided or not" (lint).
    public var exactStatusOnly: Bool {
        get { exactState.statusOnly }
        set { exactState.statusOnly = newValue }
    }
    /// Most boxes exact evaluation explores per decision and case (`Exactness.budget`); past it
    /// the Kleene answer stands and the result says it is approximate.
    public var exactBudget: Int {
        get { exactState.budget }
        set { exactState.budget = newValue }
    }

    public convenience init(graph: DecisionGraph) {
        self.init(graph: graph, scratch: false)
    }

    init(graph: DecisionGraph, scratch: Bool) {
        self.graph = graph
        isScratch = scratch
        recorded = .filled(scratch ? graph.facts.count : 0, with: false)
        plan = PlanView(graph)
        let facts = graph.facts.count, decisions = graph.decisions.count
        values = SlotValues(count: facts)
        wanted = .filled(facts, with: false)
        wantedSlots = .filled(facts, with: 0)
        derivedEpoch = .filled(facts, with: 0)
        nodeMemo = .filled(graph.nodes.count, with: 0)
        decisionEpoch = .filled(decisions, with: 0)
        inProgress = .filled(decisions, with: false)
        status = .filled(decisions, with: .notApplicable)
        outputMask = .filled(decisions, with: 0)
        guardTruth = .filled(decisions, with: .true)
        takenStart = .filled(decisions, with: 0)
        takenCount = .filled(decisions, with: 0)
        needsEpoch = .filled(decisions, with: 0)
        needsStart = .filled(decisions, with: 0)
        needsCount = .filled(decisions, with: 0)
        needsVisit = .filled(decisions, with: 0)
        takenBuffer = .filled(graph.plan.branchNode.count + decisions, with: 0)
        branchTruths = .filled(graph.plan.branchNode.count, with: .unknown)
    }

    deinit {
        values.deallocate()
        plan.deallocate()
        UnsafeMutableRawBufferPointer(recorded).deallocate()
        needsStore.deallocate()
        traceStore.deallocate()
        for buffer in [UnsafeMutableRawBufferPointer(takenBuffer), UnsafeMutableRawBufferPointer(branchTruths), UnsafeMutableRawBufferPointer(wantedSlots), UnsafeMutableRawBufferPointer(wanted),
                       UnsafeMutableRawBufferPointer(derivedEpoch), UnsafeMutableRawBufferPointer(nodeMemo),
                       UnsafeMutableRawBufferPointer(decisionEpoch), UnsafeMutableRawBufferPointer(inProgress),
                       UnsafeMutableRawBufferPointer(status), UnsafeMutableRawBufferPointer(outputMask),
                       UnsafeMutableRawBufferPointer(guardTruth), UnsafeMutableRawBufferPointer(takenStart),
                       UnsafeMutableRawBufferPointer(takenCount), UnsafeMutableRawBufferPointer(needsEpoch),
                       UnsafeMutableRawBufferPointer(needsStart), UnsafeMutableRawBufferPointer(needsCount),
                       UnsafeMutableRawBufferPointer(needsVisit)] {
            buffer.deallocate()
        }
    }

    /// Starts a new case: every slot unknown, every memo stale.
    public func reset() {
        values.clear()
        epoch &+= 1
        if epoch >= 1 << 30 {
            // Node memos keep 30 bits of epoch; clear everything once rather than risk a stale hit.
            nodeMemo.update(repeating: 0)
            decisionEpoch.update(repeating: 0)
            needsEpoch.update(repeating: 0)
            derivedEpoch.update(repeating: 0)
            // Exact evaluation's per-case stamps too: an old stamp could match again.
            exactStorage?.domainsEpoch = 0
            exactStorage?.answers.caseEpoch = 0
            epoch = 1
        }
        // The visit stamp keeps counting: the stamps it is compared with are never cleared.
        takenUsed = 0
        wantedCount = 0
        if needsDirty { needsStore.removeAll() }
        if traceDirty { traceStore.removeAll() }
        if diagnosticsDirty { caseDiagnostics.removeAll() }
        (needsDirty, traceDirty, diagnosticsDirty) = (false, false, false)
    }

    /// Evaluates the given decisions (all when nil) and returns named results.
    public func evaluate(_ selection: [Int]? = nil) -> Evaluation {
        let chosen = selection ?? Array(graph.decisions.indices)
        for decision in chosen { run(decision) }
        return Evaluation(decisions: chosen.map { result($0) }, diagnostics: caseDiagnostics)
    }

    /// The named result of one decision for this case (evaluating it if needed).
    public func decide(_ index: Int) -> DecisionResult {
        run(index)
        return result(index)
    }

    /// Every decision evaluated for the current case, including those that derived facts.
    public func evaluatedResults() -> [(decision: Int, result: DecisionResult)] {
        graph.decisions.indices.filter { decisionEpoch[$0] == epoch }.map { ($0, result($0)) }
    }

    /// Diagnostics raised while evaluating this case (gaps hit, `unique` violated).
    public var diagnostics: [Diagnostic] { caseDiagnostics }

    // MARK: compact results, for batch writers

    /// Evaluates one decision into the compact arrays, once per case.
    public func run(_ index: Int) {
        guard decisionEpoch[index] != epoch else { return }
        inProgress[index] = true
        if tracing { record(.entered, index) }
        evaluateDecision(index)
        if status[index] == .undetermined, !isScratch { refineMemoised(index) }
        inProgress[index] = false
        decisionEpoch[index] = epoch
    }

    @inlinable public func status(of decision: Int) -> Status { status[decision] }
    /// Outputs (decided) or possible outputs (undetermined) as bits over `localOutputs`.
    @inlinable public func outputs(of decision: Int) -> UInt64 { outputMask[decision] }
    /// The branches that decided it (-1 = `otherwise`).
    public func taken(by decision: Int) -> Slice<UnsafeMutableBufferPointer<Int32>> {
        guard takenCount[decision] > 0 else { return takenBuffer[0..<0] }
        let start = Int(takenStart[decision])
        return takenBuffer[start..<start + Int(takenCount[decision])]
    }

    // MARK: facts

    /// A slot's value, deriving it first if the case did not give it.
    @inline(__always)
    func value(_ slot: Int32) -> Int64 {
        let current = values.storage[Int(slot)]
        guard current == Evaluator.unknown else { return current }
        let by = derivedBy[Int(slot)]
        guard by >= 0 else { return current }
        return derive(slot, Int(by))
    }

    /// Fills a derived slot from its decision, at most once per case (whether or not that
    /// decision already ran for this case, e.g. because it was asked for directly).
    func derive(_ slot: Int32, _ by: Int) -> Int64 {
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

    /// Kleene truth of a node: leaves computed on the spot (inlined into the caller, no call),
    /// `and` / `or` / `not` memoised for the case (they are what decisions share, and what
    /// costs more than a memo check).
    @inline(__always)
    func truth(_ index: Int32) -> Truth {
        let node = exec[Int(index)]
        return node.isLeaf ? leafTruth(node) : compositeTruth(index, node)
    }

    @inline(never)
    func compositeTruth(_ index: Int32, _ node: ExecNode) -> Truth {
        let i = Int(index)
        let memo = nodeMemo[i]
        if memo >> 2 == epoch { return Truth(rawValue: UInt8(memo & 3)).unsafelyUnwrapped }
        let result: Truth
        switch node.kind {
        case .not:
            let t = truth(node.slot)
            result = t == .unknown ? .unknown : (t == .true ? .false : .true)
        case .and: result = junction(node, absorbing: .false)
        case .or: result = junction(node, absorbing: .true)
        default: result = leafTruth(node)
        }
        nodeMemo[i] = epoch << 2 | UInt32(result.rawValue)
        return result
    }

    /// `and` (absorbing `false`) or `or` (absorbing `true`): the absorbing value as soon as an
    /// operand has it, else unknown if any operand is, else the other value. Leaf operands are
    /// tested inline, without a call.
    @inline(__always)
    func junction(_ node: ExecNode, absorbing: Truth) -> Truth {
        var result: Truth = absorbing == .false ? .true : .false
        let start = Int(node.slot)
        for k in start..<start + Int(node.high) {
            let operand = operands[k]
            let t = truth(operand)
            if t == absorbing { return absorbing }
            if t == .unknown { result = .unknown }
        }
        return result
    }

    @inline(__always)
    func leafTruth(_ node: ExecNode) -> Truth {
        if node.kind == .constant { return node.flag ? .true : .false }
        let v = value(node.slot)
        // See `recorded`: in a scratch evaluator a base fact is known only when on record.
        if node.kind == .known {
            return v == Evaluator.unknown || (isScratch && !recorded[Int(node.slot)] && derivedBy[Int(node.slot)] < 0) ? .false : .true
        }
        if v == Evaluator.unknown { return .unknown }
        return node.holds(for: v) ? .true : .false
    }

    /// Whether an enum value is one of the members in `mask` (bit per member index).
    @inline(__always)
    static func isMember(_ value: Int64, _ mask: UInt64) -> Bool {
        value >= 0 && value < 64 && mask & (1 << UInt64(value)) != 0
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

extension UnsafeMutableBufferPointer {
    /// A buffer of `count` elements, each `value`; the owner deallocates it.
    static func filled(_ count: Int, with value: Element) -> UnsafeMutableBufferPointer<Element> {
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: Swift.max(1, count))
        buffer.initialize(repeating: value)
        return UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
    }
}

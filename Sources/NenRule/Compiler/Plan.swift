/// The graph's decisions flattened into parallel arrays of plain values: what the evaluator
/// reads on every case. Reading `plan.branchNode[i]` touches one array; reading
/// `graph.decisions[d].branches[i].node` would copy structs of arrays (and retain them).
public struct Plan: Sendable {
    public enum Mode: UInt8, Sendable { case first, unique, collect, highest, criteria }

    public var mode: [Mode]
    public var guardNode: [Int32]
    /// Each decision's branches are `branchStart[d] ..< branchStart[d] + branchCount[d]`.
    public var branchStart: [Int32]
    public var branchCount: [Int32]
    public var hasOtherwise: [Bool]
    public var otherwiseMask: [UInt64]
    public var otherwiseSignature: [Int32]
    /// Each decision's local outputs are `localStart[d] ..< localStart[d + 1]` in `localOutputs`.
    public var localStart: [Int32]
    public var localOutputs: [Int32]

    public var branchNode: [Int32]
    public var branchMask: [UInt64]
    public var branchSignature: [Int32]
    public var branchRelative: [Bool]

    init(_ decisions: [DecisionGraph.Decision]) {
        mode = decisions.map { decision in
            if decision.kind == .criteria { return .criteria }
            switch decision.policy {
            case .first: return .first
            case .unique: return .unique
            case .collect: return .collect
            case .highest: return .highest
            }
        }
        guardNode = decisions.map(\.guardNode)
        hasOtherwise = decisions.map { $0.otherwise != nil }
        otherwiseMask = decisions.map { $0.otherwise?.mask ?? 0 }
        otherwiseSignature = decisions.map { $0.otherwise?.signature ?? -1 }
        var starts: [Int32] = [], counts: [Int32] = [], locals: [Int32] = [0]
        var branches: [DecisionGraph.Branch] = []
        localOutputs = []
        for decision in decisions {
            starts.append(Int32(branches.count))
            counts.append(Int32(decision.branches.count))
            branches += decision.branches
            localOutputs += decision.localOutputs
            locals.append(Int32(localOutputs.count))
        }
        branchStart = starts
        branchCount = counts
        localStart = locals
        branchNode = branches.map(\.node)
        branchMask = branches.map(\.mask)
        branchSignature = branches.map(\.signature)
        branchRelative = branches.map(\.relative)
    }

    /// The flat indices of decision `d`'s branches.
    @inline(__always)
    public func branches(_ d: Int) -> Range<Int> {
        Int(branchStart[d])..<Int(branchStart[d] + branchCount[d])
    }
}

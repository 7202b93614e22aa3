/// The evaluator's own copy of the graph's flat tables, in buffers it allocates: reading them
/// on the hot path involves no reference counting, which reading arrays through a class does.
/// Field names match `Plan`, so the policies read `plan.branchNode[b]` either way.
struct PlanView {
    let mode: UnsafeMutableBufferPointer<Plan.Mode>
    let guardNode: UnsafeMutableBufferPointer<Int32>
    let branchStart: UnsafeMutableBufferPointer<Int32>
    let branchCount: UnsafeMutableBufferPointer<Int32>
    let hasOtherwise: UnsafeMutableBufferPointer<Bool>
    let otherwiseMask: UnsafeMutableBufferPointer<UInt64>
    let otherwiseSignature: UnsafeMutableBufferPointer<Int32>
    let localStart: UnsafeMutableBufferPointer<Int32>
    let localOutputs: UnsafeMutableBufferPointer<Int32>
    let branchNode: UnsafeMutableBufferPointer<Int32>
    let branchMask: UnsafeMutableBufferPointer<UInt64>
    let branchSignature: UnsafeMutableBufferPointer<Int32>
    let branchRelative: UnsafeMutableBufferPointer<Bool>
    /// The graph's nodes in the evaluator's form.
    let exec: UnsafeMutableBufferPointer<ExecNode>
    let operands: UnsafeMutableBufferPointer<Int32>
    let derivedBy: UnsafeMutableBufferPointer<Int32>
    /// Per decision, the decisions deriving the facts it reads (its guard and branches):
    /// `dependencies[dependencyStart[d] ..< dependencyStart[d + 1]]`.
    let dependencyStart: UnsafeMutableBufferPointer<Int32>
    let dependencies: UnsafeMutableBufferPointer<Int32>

    init(_ graph: DecisionGraph) {
        let plan = graph.plan
        mode = .copy(plan.mode)
        guardNode = .copy(plan.guardNode)
        branchStart = .copy(plan.branchStart)
        branchCount = .copy(plan.branchCount)
        hasOtherwise = .copy(plan.hasOtherwise)
        otherwiseMask = .copy(plan.otherwiseMask)
        otherwiseSignature = .copy(plan.otherwiseSignature)
        localStart = .copy(plan.localStart)
        localOutputs = .copy(plan.localOutputs)
        branchNode = .copy(plan.branchNode)
        branchMask = .copy(plan.branchMask)
        branchSignature = .copy(plan.branchSignature)
        branchRelative = .copy(plan.branchRelative)
        exec = .copy(graph.nodes.map(ExecNode.init))
        operands = .copy(graph.operands)
        derivedBy = .copy(graph.derivedBy)
        var starts: [Int32] = [0], deciders: [Int32] = []
        for decision in graph.decisions {
            let reads = decision.guardReads + decision.branches.flatMap(\.reads) + (decision.otherwise?.reads ?? [])
            var seen = Set<Int32>()
            for slot in reads where graph.derivedBy[Int(slot)] >= 0 && seen.insert(graph.derivedBy[Int(slot)]).inserted {
                deciders.append(graph.derivedBy[Int(slot)])
            }
            starts.append(Int32(deciders.count))
        }
        dependencyStart = .copy(starts)
        dependencies = .copy(deciders)
    }

    /// The flat indices of decision `d`'s branches.
    @inline(__always)
    func branches(_ d: Int) -> Range<Int> {
        Int(branchStart[d])..<Int(branchStart[d] + branchCount[d])
    }

    func deallocate() {
        let raw: [UnsafeMutableRawBufferPointer] = [
            .init(mode), .init(guardNode), .init(branchStart), .init(branchCount), .init(hasOtherwise),
            .init(otherwiseMask), .init(otherwiseSignature), .init(localStart), .init(localOutputs),
            .init(branchNode), .init(branchMask), .init(branchSignature), .init(branchRelative),
            .init(exec), .init(operands), .init(derivedBy), .init(dependencyStart), .init(dependencies),
        ]
        for buffer in raw { buffer.deallocate() }
    }
}

extension UnsafeMutableBufferPointer {
    /// A buffer holding a copy of `array`; the owner deallocates it.
    static func copy(_ array: [Element]) -> UnsafeMutableBufferPointer<Element> {
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: Swift.max(1, array.count))
        _ = buffer.initialize(from: array)
        return UnsafeMutableBufferPointer(rebasing: buffer[0..<array.count])
    }
}

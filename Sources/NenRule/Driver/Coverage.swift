/// Coverage of a rule set by its tests: per decision, the branches (or, for criteria sets, the
/// answers) that some test's evaluation was decided by, and the numeric cut-offs some test ran
/// the decision at.
public struct Coverage: Sendable {
    /// A numeric cut-off a decision compares a fact with. A test at exactly the cut-off is what
    /// pins the bound's direction (`<` against `<=`), the commonest transcription fault.
    public struct Boundary: Sendable, Hashable {
        public var slot: Int
        public var value: Int64
        /// The fact and the cut-off in the fact's unit, e.g. "`ki67` at 20 %".
        public var text: String
    }

    public struct Target: Sendable {
        /// 0-based branch index, -1 for `otherwise`; for criteria, the answer index.
        public var index: Int
        public var label: String
        public var span: Span
    }

    public struct Entry: Sendable {
        public var decision: String
        public var targets: [Target]
        public var taken: Set<Int>
        public var boundaries: [Boundary] = []
        /// Indices into `boundaries` of the cut-offs some test ran this decision at.
        public var boundariesTested: Set<Int> = []

        public var missed: [Target] { targets.filter { !taken.contains($0.index) } }
        public var untestedBoundaries: [Boundary] {
            boundaries.indices.filter { !boundariesTested.contains($0) }.map { boundaries[$0] }
        }
        public var percent: Double { targets.isEmpty ? 100 : 100 * Double(targets.count - missed.count) / Double(targets.count) }
    }

    public private(set) var entries: [Entry]

    init(graph: DecisionGraph) {
        entries = graph.decisions.map { decision in
            Entry(decision: decision.id, targets: Coverage.targets(decision), taken: [],
                  boundaries: Coverage.boundaries(decision, graph))
        }
    }

    /// Every `fact op number` the decision's guard and branches compare, once per fact and value.
    static func boundaries(_ decision: DecisionGraph.Decision, _ graph: DecisionGraph) -> [Boundary] {
        var found: [Boundary] = [], seen = Set<Int32>()
        func visit(_ node: Int32) {
            guard node >= 0, seen.insert(node).inserted else { return }
            switch graph.nodes[Int(node)] {
            case .compare(let slot, _, let value):
                let fact = graph.facts[Int(slot)]
                let boundary = Boundary(slot: Int(slot), value: value, text: "`\(fact.name)` at \(fact.display(value))")
                if !found.contains(boundary) { found.append(boundary) }
            case .not(let inner): visit(inner)
            case .and(let start, let count), .or(let start, let count):
                for operand in graph.operands[Int(start)..<Int(start + count)] { visit(operand) }
            case .constant, .isTrue, .known, .member: break
            }
        }
        visit(decision.guardNode)
        for branch in decision.branches { visit(branch.node) }
        return found.sorted { ($0.slot, $0.value) < ($1.slot, $1.value) }
    }

    static func targets(_ decision: DecisionGraph.Decision) -> [Target] {
        if decision.kind == .criteria {
            // met_except_relative is reachable only when a relative criterion exists.
            let hasRelative = decision.branches.contains(where: \.relative)
            return criteriaOutputs.indices.filter { $0 != 1 || hasRelative }.map {
                Target(index: $0, label: "answer `\(criteriaOutputs[$0])`", span: decision.span)
            }
        }
        var targets = decision.branches.indices.map { Target(index: $0, label: "branch \($0 + 1)", span: decision.branches[$0].span) }
        if let otherwise = decision.otherwise { targets.append(Target(index: -1, label: "otherwise", span: otherwise.span)) }
        return targets
    }

    mutating func record(_ decision: Int, _ result: DecisionResult) {
        entries[decision].taken.formUnion(result.taken)
    }

    /// Marks the decision's cut-offs that the case's values sit exactly on.
    mutating func recordBoundaries(_ decision: Int, _ values: SlotValues) {
        for (index, boundary) in entries[decision].boundaries.enumerated() where values[boundary.slot] == boundary.value {
            entries[decision].boundariesTested.insert(index)
        }
    }

    /// Covered targets over all targets, in percent.
    public var totalPercent: Double {
        let total = entries.reduce(0) { $0 + $1.targets.count }
        let missed = entries.reduce(0) { $0 + $1.missed.count }
        return total == 0 ? 100 : 100 * Double(total - missed) / Double(total)
    }

    /// How many cut-offs were tested at the cut-off, and how many there are.
    public var boundaryCounts: (tested: Int, total: Int) {
        (entries.reduce(0) { $0 + $1.boundariesTested.count }, entries.reduce(0) { $0 + $1.boundaries.count })
    }

    /// Cut-offs tested at the cut-off over all cut-offs, in percent.
    public var boundaryPercent: Double {
        let counts = boundaryCounts
        return counts.total == 0 ? 100 : 100 * Double(counts.tested) / Double(counts.total)
    }
}

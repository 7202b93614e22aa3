/// Branch coverage of a rule set by its tests: per decision, the branches (or, for criteria
/// sets, the answers) that some test's evaluation was decided by.
public struct Coverage: Sendable {
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

        public var missed: [Target] { targets.filter { !taken.contains($0.index) } }
        public var percent: Double { targets.isEmpty ? 100 : 100 * Double(targets.count - missed.count) / Double(targets.count) }
    }

    public private(set) var entries: [Entry]

    init(graph: DecisionGraph) {
        entries = graph.decisions.map { decision in
            Entry(decision: decision.id, targets: Coverage.targets(decision), taken: [])
        }
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

    /// Covered targets over all targets, in percent.
    public var totalPercent: Double {
        let total = entries.reduce(0) { $0 + $1.targets.count }
        let missed = entries.reduce(0) { $0 + $1.missed.count }
        return total == 0 ? 100 : 100 * Double(total - missed) / Double(total)
    }
}

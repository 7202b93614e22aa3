/// Counts over a batch run: cases, error lines, and per decision the count of each status and
/// of each decided outcome.
public struct BatchSummary: Sendable {
    public var cases = 0
    public var errors = 0
    /// Per decision: decided, undetermined, not_applicable.
    public var statusCounts: [[Int]]
    /// Per decision, per local output: how often it was decided.
    public var outcomeCounts: [[Int]]

    public init(graph: DecisionGraph) {
        statusCounts = graph.decisions.map { _ in [0, 0, 0] }
        outcomeCounts = graph.decisions.map { Array(repeating: 0, count: $0.localOutputs.count) }
    }

    mutating func count(_ d: Int, _ status: Status, _ outputs: UInt64) {
        switch status {
        case .decided:
            statusCounts[d][0] += 1
            var mask = outputs
            while mask != 0 {
                outcomeCounts[d][mask.trailingZeroBitCount] += 1
                mask &= mask - 1
            }
        case .undetermined: statusCounts[d][1] += 1
        case .notApplicable: statusCounts[d][2] += 1
        }
    }

    mutating func merge(_ other: BatchSummary) {
        cases += other.cases
        errors += other.errors
        for d in statusCounts.indices {
            for k in statusCounts[d].indices { statusCounts[d][k] += other.statusCounts[d][k] }
            for k in outcomeCounts[d].indices { outcomeCounts[d][k] += other.outcomeCounts[d][k] }
        }
    }

    /// The summary as JSON: totals, then each evaluated decision's statuses and outcomes.
    public func json(_ graph: DecisionGraph, selection: [Int]) -> JSONNode {
        .object([
            ("cases", .number(String(cases))), ("errors", .number(String(errors))),
            ("decisions", .array(selection.map { d in
                let decision = graph.decisions[d]
                let outcomes = decision.localOutputs.indices.filter { outcomeCounts[d][$0] > 0 }.map {
                    (decision.outputNames[Int(decision.localOutputs[$0])], JSONNode.number(String(outcomeCounts[d][$0])))
                }
                return .object([
                    ("id", .string(decision.id)), ("decided", .number(String(statusCounts[d][0]))),
                    ("undetermined", .number(String(statusCounts[d][1]))), ("not_applicable", .number(String(statusCounts[d][2]))),
                    ("outcomes", .object(outcomes)),
                ])
            })),
        ])
    }

    /// One line per decision that applied to any case, for the end of a terminal run.
    public func text(_ graph: DecisionGraph, selection: [Int]) -> String {
        var out = "\(cases) cases, \(errors) error line\(errors == 1 ? "" : "s")\n"
        for d in selection where statusCounts[d][0] + statusCounts[d][1] > 0 {
            let decision = graph.decisions[d]
            let outcomes = decision.localOutputs.indices.filter { outcomeCounts[d][$0] > 0 }
                .map { "\(decision.outputNames[Int(decision.localOutputs[$0])]) \(outcomeCounts[d][$0])" }.joined(separator: ", ")
            out += "  \(decision.id): decided \(statusCounts[d][0])\(outcomes.isEmpty ? "" : " (\(outcomes))"), undetermined \(statusCounts[d][1]), not applicable \(statusCounts[d][2])\n"
        }
        return out
    }
}

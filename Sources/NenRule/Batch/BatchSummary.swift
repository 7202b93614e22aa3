/// Counts over a batch run: cases, error lines, and per decision the count of each status and
/// of each decided outcome.
public struct BatchSummary: Sendable {
    public var cases = 0
    public var errors = 0
    /// Rejected lines by diagnostic code.
    public var errorsByCode: [String: Int] = [:]
    /// Values read with a warning (a member matched only by case), and the first such warning:
    /// said once in the summary, not on every line.
    public var warnings = 0
    public var firstWarning: String?
    /// Input columns that are not facts: kept for the output, or ignored (CSV input).
    public var passedThrough: [String] = []
    public var ignored: [String] = []
    /// Undetermined decisions summed over the evaluated cases, and the most in one case: the
    /// noise a reader of the lines wades through.
    public var undeterminedTotal = 0
    public var undeterminedMost = 0
    /// Per decision, three counts: decided, undetermined, not_applicable (flat: `3 * d + k`,
    /// so counting a case touches no nested array).
    var statusCounts: [Int]
    /// Per decision, per local output: how often it was decided (`outcomeStart[d] + bit`, the
    /// plan's `localStart`).
    var outcomeCounts: [Int]
    /// Of those, how often the deciding branch gave it as `not_recommended` (same layout): a
    /// summary keeps advice against apart from advice for.
    var againstCounts: [Int]
    let outcomeStart: [Int]
    /// Per decision, per branch (slot `branchSlot[d] + branch + 1`; 0 = otherwise): the local
    /// outputs it gives as `not_recommended`, worked out once so counting a case is a few ORs.
    let branchSlot: [Int]
    let againstMask: [UInt64]
    /// Whether any branch of a decision advises against something (never a criteria set,
    /// whose `taken` holds answers, not branches): the others are skipped.
    let advisesAgainst: [Bool]

    public init(graph: DecisionGraph) {
        statusCounts = Array(repeating: 0, count: 3 * graph.decisions.count)
        outcomeStart = graph.plan.localStart.map(Int.init)
        outcomeCounts = Array(repeating: 0, count: graph.plan.localOutputs.count)
        againstCounts = outcomeCounts
        var slots: [Int] = [], masks: [UInt64] = [], advises: [Bool] = []
        for decision in graph.decisions {
            slots.append(masks.count)
            advises.append(decision.kind != .criteria && (decision.branches.map(Optional.init) + [decision.otherwise]).contains { branch in
                branch?.results.contains { $0.strength == .notRecommended } ?? false
            })
            for branch in [decision.otherwise] + decision.branches.map({ Optional($0) }) {
                masks.append((branch?.results ?? []).reduce(0) { mask, result in
                    guard result.strength == .notRecommended,
                          let position = decision.localOutputs.firstIndex(of: Int32(result.output)) else { return mask }
                    return mask | 1 << UInt64(position)
                })
            }
        }
        branchSlot = slots
        againstMask = masks
        advisesAgainst = advises
    }

    /// Where a status's count sits among a decision's three.
    static func position(_ status: Status) -> Int {
        switch status {
        case .decided: 0
        case .undetermined: 1
        case .notApplicable: 2
        }
    }

    /// How often decision `d` had `status`.
    public func count(_ d: Int, status: Status) -> Int { statusCounts[3 * d + Self.position(status)] }

    /// How often decision `d` was decided with its local output `k`.
    public func count(_ d: Int, output k: Int) -> Int { outcomeCounts[outcomeStart[d] + k] }

    /// How often decision `d` was decided with its local output `k` given as `not_recommended`.
    public func countAgainst(_ d: Int, output k: Int) -> Int { againstCounts[outcomeStart[d] + k] }

    mutating func count(_ d: Int, _ status: Status, _ outputs: UInt64) {
        statusCounts[3 * d + Self.position(status)] += 1
        guard status == .decided else { return }
        var mask = outputs
        while mask != 0 {
            outcomeCounts[outcomeStart[d] + mask.trailingZeroBitCount] += 1
            mask &= mask - 1
        }
    }

    /// Counts one evaluated case over the selected decisions.
    mutating func count(_ selection: [Int], _ evaluator: Evaluator) {
        cases += 1
        var undetermined = 0
        for d in selection {
            let status = evaluator.status(of: d)
            if status == .undetermined { undetermined += 1 }
            count(d, status, evaluator.outputs(of: d))
            if status == .decided, advisesAgainst[d] { countAgainst(d, evaluator) }
        }
        undeterminedTotal += undetermined
        undeterminedMost = max(undeterminedMost, undetermined)
    }

    /// Counts the decided outputs that the deciding branches give as `not_recommended`.
    mutating func countAgainst(_ d: Int, _ evaluator: Evaluator) {
        var against: UInt64 = 0
        for ref in evaluator.taken(by: d) { against |= againstMask[branchSlot[d] + Int(ref) + 1] }
        against &= evaluator.outputs(of: d)
        while against != 0 {
            againstCounts[outcomeStart[d] + against.trailingZeroBitCount] += 1
            against &= against - 1
        }
    }

    /// `x 10, not recommended y 4`: each decided output with its count, advice against apart.
    func outcomeCountsText(_ decision: DecisionGraph.Decision, _ d: Int) -> String {
        decision.localOutputs.indices.flatMap { k -> [String] in
            let name = decision.outputNames[Int(decision.localOutputs[k])]
            let against = countAgainst(d, output: k), advised = count(d, output: k) - against
            return (advised > 0 ? ["\(name) \(advised)"] : []) + (against > 0 ? ["not recommended \(name) \(against)"] : [])
        }.joined(separator: ", ")
    }

    mutating func merge(_ other: BatchSummary) {
        cases += other.cases
        errors += other.errors
        for (code, count) in other.errorsByCode { errorsByCode[code, default: 0] += count }
        warnings += other.warnings
        if firstWarning == nil { firstWarning = other.firstWarning }
        undeterminedTotal += other.undeterminedTotal
        undeterminedMost = max(undeterminedMost, other.undeterminedMost)
        for k in statusCounts.indices { statusCounts[k] += other.statusCounts[k] }
        for k in outcomeCounts.indices {
            outcomeCounts[k] += other.outcomeCounts[k]
            againstCounts[k] += other.againstCounts[k]
        }
    }

    /// The summary as JSON: totals, then each evaluated decision's statuses and outcomes.
    public func json(_ graph: DecisionGraph, selection: [Int]) -> JSONNode {
        .object([
            ("cases", .number(String(cases))), ("errors", .number(String(errors))),
            ("undetermined_per_case", .object([("mean", .number(meanUndetermined)), ("max", .number(String(undeterminedMost)))])),
            ("decisions", .array(selection.map { d in
                let decision = graph.decisions[d]
                let outcomes = decision.localOutputs.indices.filter { count(d, output: $0) > 0 }.map {
                    (decision.outputNames[Int(decision.localOutputs[$0])], JSONNode.number(String(count(d, output: $0))))
                }
                let against = decision.localOutputs.indices.filter { countAgainst(d, output: $0) > 0 }.map {
                    (decision.outputNames[Int(decision.localOutputs[$0])], JSONNode.number(String(countAgainst(d, output: $0))))
                }
                return .object([
                    ("id", .string(decision.id)), ("decided", .number(String(count(d, status: .decided)))),
                    ("undetermined", .number(String(count(d, status: .undetermined)))), ("not_applicable", .number(String(count(d, status: .notApplicable)))),
                    ("outcomes", .object(outcomes)), ("not_recommended", .object(against)),
                ])
            })),
        ])
    }

    /// The mean number of undetermined decisions per evaluated case, to one decimal.
    var meanUndetermined: String {
        let evaluated = cases
        guard evaluated > 0 else { return "0" }
        let tenths = (undeterminedTotal * 10 + evaluated / 2) / evaluated
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// One line per decision that applied to any case, for the end of a terminal run.
    public func text(_ graph: DecisionGraph, selection: [Int]) -> String {
        var out = "\(cases) cases, \(errors) error line\(errors == 1 ? "" : "s")"
        out += cases > 0 ? ", undetermined decisions per case: mean \(meanUndetermined), most \(undeterminedMost)\n" : "\n"
        if !errorsByCode.isEmpty {
            out += "  rejected by cause: " + errorsByCode.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
        }
        if warnings > 0 { out += "  warning: \(warnings) value\(warnings == 1 ? "" : "s") read with a warning, the first: \(firstWarning ?? "")\n" }
        if !passedThrough.isEmpty { out += "  columns passed through: " + passedThrough.map { "`\($0)`" }.joined(separator: ", ") + "\n" }
        if !ignored.isEmpty { out += "  columns ignored (not facts): " + ignored.map { "`\($0)`" }.joined(separator: ", ") + "\n" }
        for d in selection where count(d, status: .decided) + count(d, status: .undetermined) > 0 {
            let decision = graph.decisions[d]
            let outcomes = outcomeCountsText(decision, d)
            out += "  \(decision.id): decided \(count(d, status: .decided))\(outcomes.isEmpty ? "" : " (\(outcomes))"), undetermined \(count(d, status: .undetermined)), not applicable \(count(d, status: .notApplicable))\n"
        }
        return out
    }
}

extension BatchSummary {
    mutating func countWarnings(_ found: [Diagnostic]) {
        guard !found.isEmpty else { return }
        warnings += found.count
        if firstWarning == nil { firstWarning = found[0].message }
    }
}

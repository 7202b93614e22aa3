/// The cells one decision can tell apart. Cells are cut at every threshold of the whole rule
/// set, but a decision reads only some of them: for grading, Ki-67's cut at 10 % (a threshold of
/// another decision) separates nothing. Two cells of a fact are in one class when every
/// comparison, membership and truth test of that fact under the decision — its guard, its
/// branches and those of the decisions deriving what it reads — gives the same answer on both.
/// Exploring classes instead of cells is exact for that decision and multiplies far fewer boxes
/// (a test `site == rectum` makes two classes of fifteen members).
extension DecisionGraph {
    /// Per fact read under `decisions`, its classes: disjoint cell sets covering all its cells.
    func cellClasses(of decisions: [Int], facts: [Int32]) -> [Int: [CellSet]] {
        var tests: [Int32: [Node]] = [:]
        for d in decisions {
            let decision = self.decisions[d]
            for node in [decision.guardNode] + decision.branches.map(\.node) { collectTests(node, into: &tests) }
        }
        let cells = network.cells
        var classes: [Int: [CellSet]] = [:]
        for slot in facts where cells.isExplorable(Int(slot)) {
            let fact = Int(slot), factTests = tests[slot] ?? []
            var bySignature: [[Bool]: CellSet] = [:], order: [[Bool]] = []
            for cell in cells.full(fact).members {
                let value = cells.representative(fact, cell)
                let signature = factTests.map { $0.holds(for: value) }
                if bySignature[signature] == nil { order.append(signature) }
                bySignature[signature, default: CellSet(bits: 0)].bits |= CellSet.single(cell).bits
            }
            classes[fact] = order.map { bySignature[$0]! }
        }
        return classes
    }

    /// The one-fact tests under a node, by the slot they read.
    private func collectTests(_ node: Int32, into tests: inout [Int32: [Node]]) {
        guard node >= 0 else { return }
        let shape = nodes[Int(node)]
        switch shape {
        case .isTrue(let slot), .compare(let slot, _, _), .member(let slot, _):
            if !(tests[slot]?.contains(shape) ?? false) { tests[slot, default: []].append(shape) }
        case .not(let inner): collectTests(inner, into: &tests)
        case .and(let start, let count), .or(let start, let count):
            for operand in operands[Int(start)..<Int(start + count)] { collectTests(operand, into: &tests) }
        case .constant, .known: break
        }
    }
}

extension DecisionGraph.Node {
    /// The test's answer for one value of the slot it reads.
    func holds(for value: Int64) -> Bool {
        switch self {
        case .isTrue: value != 0
        case .compare(_, let op, let bound): Evaluator.compare(value, op, bound)
        case .member(_, let mask): Evaluator.isMember(value, mask)
        case .constant, .known, .not, .and, .or: false
        }
    }
}

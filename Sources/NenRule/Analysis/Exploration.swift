/// Exact exploration of one decision's input space. The space is the product of the cells of
/// the facts the decision reads; a box is a contiguous run of cells per fact. Conditions are
/// evaluated abstractly over a box (true everywhere, false everywhere, or mixed); a box where
/// the guard and every branch are uniform is a leaf and needs no further splitting — the
/// hyper-rectangle method of the DMN verifiers, extended to mixed inputs.
public struct DecisionSpace: Sendable {
    public var decision: Int
    public var facts: [FactCells]
    /// Leaves where the guard holds and some case satisfies every constraint, with the
    /// branches true on them.
    public var leaves: [Leaf] = []
    /// Leaves where the guard holds but the constraints admit no case.
    public var excluded: [Excluded] = []
    /// True when the work bound stopped the exploration before it covered the space.
    public var incomplete = false

    public struct Leaf: Sendable {
        public var box: Box
        public var trueBranches: [Int]
        /// A case inside the box that satisfies every constraint, by fact index: the witness.
        public var point: [Int: Int64]
    }

    public struct Excluded: Sendable {
        public var box: Box
        public var trueBranches: [Int]
        /// The constraint found to exclude it (index into the model's constraints).
        public var constraint: Int
    }

    /// A run of cell indices per fact (in `facts` order).
    public struct Box: Sendable {
        public var ranges: [Range<Int>]
    }

    func position(of fact: Int) -> Int? { facts.firstIndex { $0.fact == fact } }

    /// The box's representative point as slot values by fact index.
    public func point(_ box: Box) -> [Int: Int64] {
        var values: [Int: Int64] = [:]
        for (i, facts) in facts.enumerated() { values[facts.fact] = facts.cells[box.ranges[i].lowerBound].representative }
        return values
    }
}

/// Truth of a condition over a box.
enum BoxTruth { case `true`, `false`, mixed }

struct Explorer {
    let model: CheckedModel
    let network: ConstraintNetwork
    let memo: ConstraintMemo
    let decision: CheckedDecision
    var space: DecisionSpace
    var budget: Int

    /// Explores `decision`, stopping after `budget` boxes.
    static func explore(_ model: CheckedModel, _ network: ConstraintNetwork, memo: ConstraintMemo, _ index: Int,
                        budget: Int) -> DecisionSpace {
        let decision = model.decisions[index]
        var conditions = decision.branches.map(\.condition)
        if let applies = decision.applies { conditions.append(applies) }
        var thresholds: [Int: Set<Int64>] = [:]
        var order: [Int] = []
        for condition in conditions {
            condition.collectFacts(into: &order)
            condition.collectThresholds(into: &thresholds)
        }
        let facts = order.map { FactCells(fact: $0, cells: CellBuilder.cells(for: model.facts[$0], thresholds: thresholds[$0] ?? [])) }
        var explorer = Explorer(model: model, network: network, memo: memo, decision: decision,
                                space: DecisionSpace(decision: index, facts: facts), budget: budget)
        if !facts.contains(where: { $0.cells.isEmpty }) {
            explorer.visit(DecisionSpace.Box(ranges: facts.map { 0..<$0.cells.count }))
        }
        return explorer.space
    }

    mutating func visit(_ box: DecisionSpace.Box) {
        guard budget > 0 else {
            space.incomplete = true
            return
        }
        budget -= 1
        let guardTruth = decision.applies.map { truth($0, box) } ?? .true
        if guardTruth == .false { return }
        var mixed: [Condition] = guardTruth == .mixed ? [decision.applies!] : []
        var trueBranches: [Int] = []
        for (i, branch) in decision.branches.enumerated() {
            switch truth(branch.condition, box) {
            case .true: trueBranches.append(i)
            case .false: break
            case .mixed: mixed.append(branch.condition)
            }
        }
        if mixed.isEmpty {
            switch consistentPoint(box) {
            case .point(let point): space.leaves.append(DecisionSpace.Leaf(box: box, trueBranches: trueBranches, point: point))
            case .excludedBy(let constraint):
                space.excluded.append(DecisionSpace.Excluded(box: box, trueBranches: trueBranches, constraint: constraint))
            }
            return
        }
        guard let split = splitFact(box, mixed) else { return }
        let range = box.ranges[split]
        let middle = range.lowerBound + range.count / 2
        var low = box, high = box
        low.ranges[split] = range.lowerBound..<middle
        high.ranges[split] = middle..<range.upperBound
        visit(low)
        visit(high)
    }

    /// The fact to split: among those read by mixed conditions, the one with most cells left.
    func splitFact(_ box: DecisionSpace.Box, _ mixed: [Condition]) -> Int? {
        var candidates: [Int] = []
        for condition in mixed { condition.collectFacts(into: &candidates) }
        return candidates.compactMap { space.position(of: $0) }
            .filter { box.ranges[$0].count > 1 }
            .max { box.ranges[$0].count < box.ranges[$1].count }
    }

    /// Abstract truth over a box. Facts are known here: the analysis covers the declared
    /// domains; unknown values are the concern of `unknown-sensitivity`.
    func truth(_ condition: Condition, _ box: DecisionSpace.Box) -> BoxTruth {
        switch condition {
        case .constant(let value): return value ? .true : .false
        case .known: return .true
        case .isTrue(let fact): return uniform(fact, box) { $0 != 0 }
        case .compare(let fact, let op, let bound): return uniform(fact, box) { Evaluator.compare($0, op, bound) }
        case .member(let fact, let mask): return uniform(fact, box) { Evaluator.isMember($0, mask) }
        case .not(let inner):
            switch truth(inner, box) {
            case .true: return .false
            case .false: return .true
            case .mixed: return .mixed
            }
        case .and(let terms):
            var result = BoxTruth.true
            for term in terms {
                switch truth(term, box) {
                case .false: return .false
                case .mixed: result = .mixed
                case .true: break
                }
            }
            return result
        case .or(let terms):
            var result = BoxTruth.false
            for term in terms {
                switch truth(term, box) {
                case .true: return .true
                case .mixed: result = .mixed
                case .false: break
                }
            }
            return result
        }
    }

    /// Each cell is uniform for every comparison the decision makes, so testing its
    /// representative decides the whole cell.
    func uniform(_ fact: Int, _ box: DecisionSpace.Box, _ holds: (Int64) -> Bool) -> BoxTruth {
        guard let position = space.position(of: fact) else { return .mixed }
        var sawTrue = false, sawFalse = false
        for cell in space.facts[position].cells[box.ranges[position]] {
            if holds(cell.representative) { sawTrue = true } else { sawFalse = true }
            if sawTrue && sawFalse { return .mixed }
        }
        return sawTrue ? .true : .false
    }
}

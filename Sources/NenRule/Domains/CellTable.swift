/// Facts as sets of possible values. Every fact's line is cut at every threshold the rule set
/// compares it with — in any decision, define or constraint — so each condition of the rule
/// set is constant on each cell, and a set of cells is an exact picture of what a fact may
/// still be. A fact with more than `CellSet.capacity` cells is not explored (`isExplorable`).
public struct CellTable: Sendable {
    /// Per fact, its cells in ascending order (members in declaration order).
    public let cells: [[DomainCell]]
    /// Per numeric fact, its cells' upper edges for the search from a value to its cell.
    let edges: [[Int64]]

    public init(_ model: CheckedModel) {
        var thresholds: [Int: Set<Int64>] = [:]
        for decision in model.decisions {
            decision.applies?.collectThresholds(into: &thresholds)
            for branch in decision.branches { branch.condition.collectThresholds(into: &thresholds) }
        }
        for constraint in model.constraints { constraint.condition.collectThresholds(into: &thresholds) }
        cells = model.facts.indices.map { CellBuilder.cells(for: model.facts[$0], thresholds: thresholds[$0] ?? []) }
        edges = cells.map { $0.map(\.upperEdge) }
    }

    public func isExplorable(_ fact: Int) -> Bool { cells[fact].count <= CellSet.capacity }

    /// Every cell of the fact: what it may be when nothing narrows it.
    public func full(_ fact: Int) -> CellSet { CellSet(count: min(cells[fact].count, CellSet.capacity)) }

    /// The cell holding a slot value; nil when no cell holds it (outside the declared range).
    public func cell(of fact: Int, value: Int64) -> Int? {
        let edges = self.edges[fact]
        var low = 0, high = edges.count
        while low < high {
            let middle = (low + high) / 2
            if edges[middle] < value { low = middle + 1 } else { high = middle }
        }
        guard low < edges.count, cells[fact][low].contains(value) else { return nil }
        return low
    }

    public func representative(_ fact: Int, _ cell: Int) -> Int64 { cells[fact][cell].representative }

    /// A cell in words: a member, a value, or a range such as `> 10 mm and < 20 mm`.
    public func text(_ declaration: CheckedFact, _ fact: Int, _ cell: Int) -> String {
        let shape = cells[fact][cell]
        switch shape.shape {
        case .point: return declaration.display(shape.representative)
        case .interval(let low, let high):
            let parts = [low.map { "> " + declaration.display($0) }, high.map { "< " + declaration.display($0) }].compactMap { $0 }
            return parts.isEmpty ? "any" : parts.joined(separator: " and ")
        }
    }
}

extension DomainCell {
    /// The largest value the cell may hold (members and points: the value itself).
    var upperEdge: Int64 {
        switch shape {
        case .point: representative
        case .interval(_, let high): high.map { $0 - 1 } ?? .max
        }
    }

    func contains(_ value: Int64) -> Bool {
        switch shape {
        case .point: value == representative
        case .interval(let low, let high): (low.map { value > $0 } ?? true) && (high.map { value < $0 } ?? true)
        }
    }
}

/// A set of cells of one fact, as bits.
public struct CellSet: Hashable, Sendable {
    public static let capacity = 64
    public var bits: UInt64

    public init(bits: UInt64) { self.bits = bits }
    public init(count: Int) { bits = count >= 64 ? ~0 : (1 << UInt64(count)) - 1 }
    public static func single(_ cell: Int) -> CellSet { CellSet(bits: 1 << UInt64(cell)) }

    public var isEmpty: Bool { bits == 0 }
    public var count: Int { bits.nonzeroBitCount }
    public var only: Int? { count == 1 ? bits.trailingZeroBitCount : nil }
    public func contains(_ cell: Int) -> Bool { cell < 64 && bits >> UInt64(cell) & 1 != 0 }
    public mutating func remove(_ cell: Int) { bits &= ~(1 << UInt64(cell)) }

    /// The cells, ascending.
    public var members: [Int] {
        var rest = bits, result: [Int] = []
        while rest != 0 {
            result.append(rest.trailingZeroBitCount)
            rest &= rest - 1
        }
        return result
    }
}

extension Condition {
    /// The constants compared with each numeric fact: the points where its line is split.
    func collectThresholds(into thresholds: inout [Int: Set<Int64>]) {
        switch self {
        case .compare(let fact, _, let value): thresholds[fact, default: []].insert(value)
        case .not(let inner): inner.collectThresholds(into: &thresholds)
        case .and(let terms), .or(let terms): for term in terms { term.collectThresholds(into: &thresholds) }
        case .constant, .isTrue, .known, .member: break
        }
    }

    /// Two-valued truth when every fact it reads has a value; `known(...)` holds for any value.
    public func holds(_ value: (Int) -> Int64) -> Bool {
        switch self {
        case .constant(let flag): flag
        case .isTrue(let fact): value(fact) != 0
        case .known: true
        case .compare(let fact, let op, let bound): Evaluator.compare(value(fact), op, bound)
        case .member(let fact, let mask):
            Evaluator.isMember(value(fact), mask)
        case .not(let inner): !inner.holds(value)
        case .and(let terms): terms.allSatisfy { $0.holds(value) }
        case .or(let terms): terms.contains { $0.holds(value) }
        }
    }
}

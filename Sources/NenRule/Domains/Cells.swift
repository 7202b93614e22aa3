/// The finite partition of each fact's domain that the analysis explores. A numeric fact's line
/// is split at every threshold a decision compares it with: each threshold is a point cell and
/// the open intervals between them are cells, clipped to the declared range. Enum and boolean
/// facts have one cell per member. Every condition of the decision is constant on every cell,
/// so exploring cells is exact, not sampled.
public struct DomainCell: Equatable, Sendable {
    public enum Shape: Equatable, Sendable {
        case point
        /// Strictly between `low` and `high` (either may be open-ended).
        case interval(low: Int64?, high: Int64?)
    }

    public var shape: Shape
    /// A value inside the cell, used for witnesses and concrete checks.
    public var representative: Int64
}

public struct FactCells: Sendable {
    public var fact: Int
    public var cells: [DomainCell]
}

enum CellBuilder {
    /// One whole unit in slot micros: witnesses outside all thresholds step by a round amount.
    static let step = Exact.scale

    /// The cells of `fact` given the thresholds the decision uses on it.
    static func cells(for fact: CheckedFact, thresholds: Set<Int64>) -> [DomainCell] {
        switch fact.type {
        case .bool: return [DomainCell(shape: .point, representative: 0), DomainCell(shape: .point, representative: 1)]
        case .enumeration(let members, _):
            return members.indices.map { DomainCell(shape: .point, representative: Int64($0)) }
        case .number, .quantity:
            return numericCells(fact, thresholds)
        }
    }

    static func numericCells(_ fact: CheckedFact, _ thresholds: Set<Int64>) -> [DomainCell] {
        var points = thresholds.filter { fact.allows($0) }
        if let low = fact.low, low.inclusive { points.insert(low.value) }
        if let high = fact.high, high.inclusive { points.insert(high.value) }
        let sorted = points.sorted()
        var cells: [DomainCell] = []
        var previous: Int64? = fact.low.map { $0.value }
        for point in sorted {
            if let interval = interval(fact, from: previous, to: point) { cells.append(interval) }
            cells.append(DomainCell(shape: .point, representative: point))
            previous = point
        }
        if let last = interval(fact, from: previous, to: fact.high.map { $0.value }) { cells.append(last) }
        return cells
    }

    /// The open interval between two bounds, if it holds any allowed value.
    static func interval(_ fact: CheckedFact, from low: Int64?, to high: Int64?) -> DomainCell? {
        let representative: Int64
        switch (low, high) {
        case (nil, nil): representative = 0
        case (let l?, nil): representative = l.addingReportingOverflow(step).partialValue
        case (nil, let h?): representative = h.subtractingReportingOverflow(step).partialValue
        case (let l?, let h?):
            guard h - l > 1 else { return nil }
            // Prefer a round value inside the interval so witnesses read naturally.
            let middle = l + (h - l) / 2
            let rounded = (middle / step) * step
            representative = (rounded > l && rounded < h) ? rounded : middle
        }
        if fact.isWholeNumber {
            // A count's interval holds only the whole numbers inside it, if any.
            let whole = low.map { ($0 / step + 1) * step } ?? (representative / step) * step
            guard whole > (low ?? Int64.min), whole < (high ?? Int64.max), fact.allows(whole) else { return nil }
            return DomainCell(shape: .interval(low: low, high: high), representative: whole)
        }
        guard fact.allows(representative) else { return nil }
        return DomainCell(shape: .interval(low: low, high: high), representative: representative)
    }
}

extension CheckedFact {
    /// Whether a slot value lies in the declared range.
    func allows(_ value: Int64) -> Bool {
        if case .failure = checkRange(value) { return false }
        return true
    }
}

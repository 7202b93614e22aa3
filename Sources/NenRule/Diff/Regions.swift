/// A region of the input space where two versions answer differently: per explored fact the
/// cells it covers (all of them where the region does not restrict the fact), both answers,
/// and a witness case inside it.
public struct DiffRegion: Sendable {
    /// Restricted facts, in exploration order: the fact and its cells in words.
    public var conditions: [(fact: String, words: String)]
    public var old: DiffAnswer
    public var new: DiffAnswer
    /// The witness as case JSON members (fact, value as `eval` reads it, boolean or not).
    public var witness: [WitnessValue]
    /// The region as cell sets by fact name (restricted facts only), for the decisions
    /// downstream of this one to explore within.
    var box: [String: CellSet] = [:]

    /// `tumor_size in (10 mm, 15 mm], grade G1 or G2`, or `every case` for an unrestricted region.
    public var description: String {
        conditions.isEmpty ? "every case" : conditions.map(\.words).joined(separator: ", ")
    }
}

enum Regions {
    /// Leaves with different answers, merged: two boxes with the same pair of answers that
    /// differ in one fact's cells become one, until no two can; then described.
    static func differing(_ leaves: [DiffLeaf], _ axes: [FactAxis], witnessAlways: Set<Int>) -> [DiffRegion] {
        var groups: [[DiffAnswer]: [[CellSet]]] = [:]
        var order: [[DiffAnswer]] = []
        for leaf in leaves where leaf.old != leaf.new {
            let key = [leaf.old, leaf.new]
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(leaf.box)
        }
        return order.flatMap { key in
            merge(groups[key]!).map { describe($0, axes, old: key[0], new: key[1], witnessAlways: witnessAlways) }
        }
    }

    /// Merges boxes that differ in exactly one fact, to a fixpoint.
    static func merge(_ boxes: [[CellSet]]) -> [[CellSet]] {
        var boxes = boxes
        var merged = true
        while merged {
            merged = false
            var index = 0
            while index < boxes.count {
                var other = index + 1
                while other < boxes.count {
                    let differing = boxes[index].indices.filter { boxes[index][$0] != boxes[other][$0] }
                    if differing.count <= 1 {
                        if let axis = differing.first { boxes[index][axis].bits |= boxes[other][axis].bits }
                        boxes.remove(at: other)
                        merged = true
                    } else {
                        other += 1
                    }
                }
                index += 1
            }
        }
        return boxes
    }

    /// The region in words, with a witness: a value for each fact it restricts, and for the
    /// facts whose being recorded matters (`witnessAlways`: read by `known`, or by a changed
    /// constraint).
    static func describe(_ box: [CellSet], _ axes: [FactAxis], old: DiffAnswer, new: DiffAnswer, witnessAlways: Set<Int>) -> DiffRegion {
        var conditions: [(String, String)] = [], witness: [WitnessValue] = []
        for (index, axis) in axes.enumerated() {
            let set = box[index], cells = set.bits & ~FactAxis.notRecorded
            let restricted = !axis.isOpen(set)
            if restricted { conditions.append((axis.name, words(axis, set))) }
            // The witness records a fact the region restricts to values (or whose being
            // recorded matters), and leaves out one it may leave unrecorded.
            guard restricted || witnessAlways.contains(index), cells != 0, set.bits & FactAxis.notRecorded == 0 || !restricted else { continue }
            witness.append(WitnessValue(fact: axis.name, value: axis.caseValue(cells.trailingZeroBitCount), isBool: axis.isBool))
        }
        var named: [String: CellSet] = [:]
        for (index, axis) in axes.enumerated() where !axis.isOpen(box[index]) { named[axis.name] = box[index] }
        return DiffRegion(conditions: conditions, old: old, new: new, witness: witness, box: named)
    }

    /// A fact's cells in words: `grade G1 or G2`, `not nodes`, `tumor_size in (10 mm, 15 mm]`.
    static func words(_ axis: FactAxis, _ set: CellSet) -> String {
        let cells = CellSet(bits: set.bits & ~FactAxis.notRecorded)
        let unrecorded = set.bits & FactAxis.notRecorded != 0
        guard !cells.isEmpty else { return "\(axis.name) not recorded" }
        let values = cells == CellSet(count: axis.cells.count) ? "\(axis.name) recorded" : valueWords(axis, cells)
        return unrecorded ? "\(values) or \(axis.name) not recorded" : values
    }

    static func valueWords(_ axis: FactAxis, _ set: CellSet) -> String {
        let fact = axis.declaration
        switch fact.type {
        case .bool: return set.members == [1] ? axis.name : "not \(axis.name)"
        case .enumeration(let members, _):
            let chosen = set.members.map { members[$0] }
            // Most members: name the few left out.
            if chosen.count > members.count / 2, chosen.count > 2 {
                return "\(axis.name) not " + members.filter { !chosen.contains($0) }.joined(separator: " or ")
            }
            return "\(axis.name) " + chosen.joined(separator: " or ")
        case .number, .quantity:
            return runs(set.members).map { run in interval(axis, run) }.joined(separator: " or ")
        }
    }

    /// Consecutive cell indices, grouped.
    static func runs(_ cells: [Int]) -> [ClosedRange<Int>] {
        var runs: [ClosedRange<Int>] = []
        for cell in cells {
            if let last = runs.last, last.upperBound + 1 == cell { runs[runs.count - 1] = last.lowerBound...cell } else { runs.append(cell...cell) }
        }
        return runs
    }

    static func interval(_ axis: FactAxis, _ run: ClosedRange<Int>) -> String {
        let fact = axis.declaration
        let first = axis.cells[run.lowerBound], last = axis.cells[run.upperBound]
        if run.count == 1, first.shape == .point { return "\(axis.name) = \(fact.display(first.representative))" }
        var low: (value: Int64, closed: Bool)? = switch first.shape {
        case .point: (first.representative, true)
        case .interval(let low, _): low.map { ($0, false) }
        }
        var high: (value: Int64, closed: Bool)? = switch last.shape {
        case .point: (last.representative, true)
        case .interval(_, let high): high.map { ($0, false) }
        }
        // The declared range's own ends go without saying.
        if let edge = low, let bound = fact.low, edge.value == bound.value { low = nil }
        if let edge = high, let bound = fact.high, edge.value == bound.value { high = nil }
        switch (low, high) {
        case (nil, nil): return "any \(axis.name)"
        case (let low?, nil): return "\(axis.name) \(low.closed ? ">=" : ">") \(fact.display(low.value))"
        case (nil, let high?): return "\(axis.name) \(high.closed ? "<=" : "<") \(fact.display(high.value))"
        case (let low?, let high?):
            return "\(axis.name) in \(low.closed ? "[" : "(")\(fact.display(low.value)), \(fact.display(high.value))\(high.closed ? "]" : ")")"
        }
    }
}

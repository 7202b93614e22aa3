/// A fact as both versions see it, matched by name: one axis of the space `diff` explores. Its
/// cells cut the line at every threshold of either version; an enum member is matched by
/// name, or by position where the new version renamed it (same count, one name changed).
struct FactAxis {
    let name: String
    let oldSlot: Int?
    let newSlot: Int?
    /// The declaration cells and values are read from: the new version's, else the old one's.
    let declaration: CheckedFact
    let cells: [DomainCell]
    /// For an enum: the old version's member index for each new member index (nil: none).
    let oldMember: [Int?]

    init(name: String, old: DecisionGraph, new: DecisionGraph) {
        self.name = name
        oldSlot = old.facts.firstIndex { $0.name == name }
        newSlot = new.facts.firstIndex { $0.name == name }
        let oldFact = oldSlot.map { old.facts[$0] }, newFact = newSlot.map { new.facts[$0] }
        declaration = (newFact ?? oldFact)!
        var thresholds: Set<Int64> = []
        if let slot = oldSlot { thresholds.formUnion(old.network.cells.cells[slot].filter { $0.shape == .point }.map(\.representative)) }
        if let slot = newSlot { thresholds.formUnion(new.network.cells.cells[slot].filter { $0.shape == .point }.map(\.representative)) }
        cells = CellBuilder.cells(for: declaration, thresholds: thresholds)
        oldMember = Self.memberMap(old: oldFact, new: declaration)
    }

    static func memberMap(old: CheckedFact?, new: CheckedFact) -> [Int?] {
        guard case .enumeration(let newMembers, _) = new.type else { return [] }
        guard let old, case .enumeration(let oldMembers, _) = old.type else { return newMembers.map { _ in nil } }
        let byName = newMembers.map { oldMembers.firstIndex(of: $0) }
        // One member renamed in place: the unmatched ones pair up by position.
        if oldMembers.count == newMembers.count, byName.filter({ $0 == nil }).count == 1 {
            return byName.enumerated().map { $0.element ?? $0.offset }
        }
        return byName
    }

    /// The slot value of cell `cell` in the new version, and in the old one (nil where the old
    /// version has no such fact or member).
    func newValue(_ cell: Int) -> Int64 { cells[cell].representative }

    func oldValue(_ cell: Int) -> Int64? {
        guard oldSlot != nil else { return nil }
        let value = cells[cell].representative
        guard case .enumeration = declaration.type else { return value }
        return oldMember.indices.contains(Int(value)) ? oldMember[Int(value)].map(Int64.init) : nil
    }

    /// The cell's value as case JSON gives it.
    func caseValue(_ cell: Int) -> String { declaration.display(cells[cell].representative) }

    var isBool: Bool { declaration.type == .bool }

    /// The bit of a cell set that stands for "not recorded" (axes have fewer than 64 cells).
    static let notRecorded: UInt64 = 1 << 63

    /// Whether a case that does not record the fact answers differently from every value
    /// (a `known(...)` test, or a changed constraint, reads it): then "not recorded" is explored
    /// as a value of its own; otherwise a missing fact is any of its values.
    var recordedMatters = false

    /// Every cell (or not recorded, where that matters): the axis unexplored.
    var openSet: CellSet { CellSet(bits: CellSet(count: cells.count).bits | (recordedMatters ? Self.notRecorded : 0)) }

    func isOpen(_ set: CellSet) -> Bool { set == openSet }
}

/// What changed in the declarations of facts and outcomes, whether or not answers change.
public struct DeclarationChange: Equatable, Sendable {
    public var kind: String
    public var name: String
    public var detail: String
}

enum DeclarationChanges {
    static func find(old: DecisionGraph, new: DecisionGraph) -> [DeclarationChange] {
        var changes: [DeclarationChange] = []
        let oldFacts = Dictionary(old.facts.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let newFacts = Dictionary(new.facts.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for fact in old.facts where newFacts[fact.name] == nil { changes.append(.init(kind: "fact removed", name: fact.name, detail: fact.type.description)) }
        for fact in new.facts where oldFacts[fact.name] == nil { changes.append(.init(kind: "fact added", name: fact.name, detail: fact.type.description)) }
        for fact in new.facts {
            guard let before = oldFacts[fact.name] else { continue }
            changes += factChanges(before, fact)
        }
        let oldOutcomes = Set(old.outcomeLabels.keys), newOutcomes = Set(new.outcomeLabels.keys)
        for name in oldOutcomes.subtracting(newOutcomes).sorted() { changes.append(.init(kind: "outcome removed", name: name, detail: old.outcomeLabels[name] ?? "")) }
        for name in newOutcomes.subtracting(oldOutcomes).sorted() { changes.append(.init(kind: "outcome added", name: name, detail: new.outcomeLabels[name] ?? "")) }
        return changes
    }

    static func factChanges(_ old: CheckedFact, _ new: CheckedFact) -> [DeclarationChange] {
        var changes: [DeclarationChange] = []
        switch (old.type, new.type) {
        case (.enumeration(let before, _), .enumeration(let after, _)):
            let map = FactAxis.memberMap(old: old, new: new)
            for (index, member) in after.enumerated() {
                if let from = map[index], before[from] != member { changes.append(.init(kind: "member renamed", name: new.name, detail: "`\(before[from])` → `\(member)`")) }
                if map[index] == nil { changes.append(.init(kind: "member added", name: new.name, detail: "`\(member)`")) }
            }
            for (index, member) in before.enumerated() where !map.contains(index) {
                changes.append(.init(kind: "member removed", name: new.name, detail: "`\(member)`"))
            }
        case (.quantity(let d1, let u1), .quantity(let d2, let u2)) where d1 == d2:
            if u1 != u2 { changes.append(.init(kind: "unit changed", name: new.name, detail: "\(u1?.name ?? "none") → \(u2?.name ?? "none") (values mean the same)")) }
        default:
            if old.type != new.type { changes.append(.init(kind: "type changed", name: new.name, detail: "\(old.type.description) → \(new.type.description)")) }
        }
        if old.low != new.low || old.high != new.high {
            changes.append(.init(kind: "range changed", name: new.name, detail: "\(old.rangeText.isEmpty ? "any" : old.rangeText) → \(new.rangeText.isEmpty ? "any" : new.rangeText)"))
        }
        return changes
    }
}

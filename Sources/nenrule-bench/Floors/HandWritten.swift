import NenRule

/// A decision of the bundled guideline written by hand in Swift for fully-known inputs: the
/// floor that the engine's evaluation time is set against. It reads the same pre-converted slot
/// values as the engine (one row of `columns` per case) and answers with an outcome index.
protocol HandWritten {
    /// The decision's id in the rule set.
    static var decisionID: String { get }
    /// The facts it reads, in the column order of a case row.
    static var columns: [String] { get }
    /// The outcomes `decide` answers with, by index.
    static var outcomes: [String] { get }

    /// Resolves the members and bounds it compares with, in slot units.
    init(_ values: SlotConverter) throws
    /// One realistic case with every column known, in slot units.
    func sample(_ random: inout SplitMix64, _ values: SlotConverter) throws -> [Int64]
    /// The decision on one case row: an index into `outcomes`, or `notApplicable`.
    func decide(_ row: UnsafePointer<Int64>) -> Int
}

/// The WHO grade members G1, G2, G3 and NEC in slot units, which every graded floor compares with.
func gradeMembers(_ values: SlotConverter) throws -> (g1: Int64, g2: Int64, g3: Int64, nec: Int64) {
    (try values.member("grade", "G1"), try values.member("grade", "G2"), try values.member("grade", "G3"),
     try values.member("grade", "NEC"))
}

/// `decide`'s answer when the decision's `applies when` does not hold.
let notApplicable = -1

/// Tumour sizes in tenths of a millimetre that sit on the guideline's 10 mm and 20 mm limits.
let sizeEdgesInTenths: [Int64] = [99, 100, 101, 199, 200, 201]

extension SplitMix64 {
    /// A tumour size in tenths of a millimetre: often on a limit, otherwise 0.5–40.0 mm.
    mutating func tumorSizeTenths() -> Int64 {
        chance(0.15) ? sizeEdgesInTenths.randomElement(using: &self)! : tenths(5, 400)
    }

    /// A WHO grade member with the case mix of the peers' generator.
    mutating func grade(_ g1: Int64, _ g2: Int64, _ g3: Int64, _ nec: Int64) -> Int64 {
        weighted([(g1, 0.45), (g2, 0.30), (g3, 0.13), (nec, 0.12)])
    }

    /// A Ki-67 index in tenths of a percent that fits the grade, or one of `edges` (limits the
    /// decision tests) in a fifth of the cases.
    mutating func ki67Tenths(grade: Int64, g1: Int64, g2: Int64, edges: [Int64]) -> Int64 {
        if chance(0.2) { return edges.randomElement(using: &self)! }
        switch grade {
        case g1: return tenths(0, 29)
        case g2: return tenths(30, 200)
        default: return tenths(201, 1000)
        }
    }
}

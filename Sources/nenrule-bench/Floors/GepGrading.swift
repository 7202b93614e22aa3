import NenRule

/// `grading.gep` (Guidelines/grading/grading.nenrule, policy `highest`), by hand: NEC when
/// poorly differentiated, else the higher of the Ki-67 grade and the mitotic-count grade.
struct GepGrading: HandWritten {
    static let decisionID = "grading.gep"
    static let columns = ["differentiation", "ki67", "mitoses"]
    static let outcomes = ["G1", "G2", "G3", "NEC"]

    let well, poorly, ki67Of3, ki67Of20, mitoses2, mitoses20: Int64

    init(_ values: SlotConverter) throws {
        well = try values.member("differentiation", "well")
        poorly = try values.member("differentiation", "poorly")
        ki67Of3 = try values.tenths("ki67", 30, "%")
        ki67Of20 = try values.tenths("ki67", 200, "%")
        mitoses2 = try values.tenths("mitoses", 20, nil)
        mitoses20 = try values.tenths("mitoses", 200, nil)
    }

    func sample(_ random: inout SplitMix64, _ values: SlotConverter) throws -> [Int64] {
        let ki67 = random.chance(0.2) ? [29, 30, 200, 201].randomElement(using: &random)! : random.tenths(0, 1000)
        let mitoses = random.chance(0.2) ? [10, 20, 200, 210].randomElement(using: &random)! : 10 * random.tenths(0, 40)
        // A poorly differentiated tumour is a NEC by its Ki-67 (> 20 %): one with lower indices
        // fits no row of Table 3 and stays ungraded, which a hand-written function cannot say.
        let poorlyDifferentiated = !random.chance(0.85)
        return [poorlyDifferentiated ? poorly : well,
                try values.tenths("ki67", poorlyDifferentiated ? random.tenths(201, 1000) : ki67, "%"),
                try values.tenths("mitoses", mitoses, nil)]
    }

    func decide(_ row: UnsafePointer<Int64>) -> Int {
        if row[0] == poorly { return 3 }
        let byKi67 = row[1] < ki67Of3 ? 0 : (row[1] <= ki67Of20 ? 1 : 2)
        let byMitoses = row[2] < mitoses2 ? 0 : (row[2] <= mitoses20 ? 1 : 2)
        return max(byKi67, byMitoses)
    }
}

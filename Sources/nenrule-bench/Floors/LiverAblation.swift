import NenRule

/// `liver_mets.ablation` (Guidelines/liver/ablation.nenrule), by hand.
struct LiverAblation: HandWritten {
    static let decisionID = "liver_mets.ablation"
    static let columns = ["liver_metastasis", "liver_met_count", "liver_met_max_diameter"]
    static let outcomes = ["eligible", "not_eligible"]

    let fourLesions, mm30: Int64

    init(_ values: SlotConverter) throws {
        fourLesions = try values.tenths("liver_met_count", 40, nil)
        mm30 = try values.tenths("liver_met_max_diameter", 300, "mm")
    }

    func sample(_ random: inout SplitMix64, _ values: SlotConverter) throws -> [Int64] {
        let diameter = random.chance(0.2) ? [299, 300, 301].randomElement(using: &random)! : random.tenths(5, 800)
        return [random.chance(0.9) ? 1 : 0,
                try values.tenths("liver_met_count", 10 * random.tenths(1, 9), nil),
                try values.tenths("liver_met_max_diameter", diameter, "mm")]
    }

    func decide(_ row: UnsafePointer<Int64>) -> Int {
        guard row[0] != 0 else { return notApplicable }
        return row[1] <= fourLesions && row[2] <= mm30 ? 0 : 1
    }
}

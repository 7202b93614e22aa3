import NenRule

/// `followup.interval` (Guidelines/followup/interval.nenrule), by hand.
struct FollowupInterval: HandWritten {
    static let decisionID = "followup.interval"
    static let columns = ["primary_site", "grade", "tumor_size", "margin_status", "lymphovascular_invasion", "ki67"]
    static let outcomes = ["no_long_term_followup", "every_2_3_months", "every_3_6_months", "every_6_12_months"]

    let rectum, appendix, g1, g2, g3, nec, r0, mm10, ki67Of5: Int64
    let sites, margins: [Int64]

    init(_ values: SlotConverter) throws {
        rectum = try values.member("primary_site", "rectum")
        appendix = try values.member("primary_site", "appendix")
        (g1, g2, g3, nec) = try gradeMembers(values)
        r0 = try values.member("margin_status", "R0")
        mm10 = try values.tenths("tumor_size", 100, "mm")
        ki67Of5 = try values.tenths("ki67", 50, "%")
        sites = try values.members("primary_site")
        margins = try values.members("margin_status")
    }

    func sample(_ random: inout SplitMix64, _ values: SlotConverter) throws -> [Int64] {
        let grade = random.grade(g1, g2, g3, nec)
        let ki67 = random.ki67Tenths(grade: grade, g1: g1, g2: g2, edges: [49, 50, 51])
        return [random.chance(0.5) ? random.weighted([(rectum, 1), (appendix, 1)]) : sites.randomElement(using: &random)!,
                grade,
                try values.tenths("tumor_size", random.tumorSizeTenths(), "mm"),
                margins.randomElement(using: &random)!,
                random.chance(0.2) ? 1 : 0,
                try values.tenths("ki67", ki67, "%")]
    }

    func decide(_ row: UnsafePointer<Int64>) -> Int {
        let site = row[0], grade = row[1]
        if (site == rectum || site == appendix) && grade == g1 && row[2] < mm10 && row[3] == r0 && row[4] == 0 { return 0 }
        if grade == g3 || grade == nec { return 1 }
        if grade == g2 && row[5] >= ki67Of5 { return 2 }
        // What is left is G1, or G2 below 5 %: with the grade known, the last branch always holds.
        return 3
    }
}

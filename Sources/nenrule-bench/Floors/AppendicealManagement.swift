import NenRule

/// `appendiceal_net.management` (Guidelines/sites/appendix.nenrule, with the `high_g2`
/// convention of common/conventions.nenrule), by hand.
struct AppendicealManagement: HandWritten {
    static let decisionID = "appendiceal_net.management"
    static let columns = ["primary_site", "distant_metastasis", "tumor_size", "grade", "ki67"]
    static let outcomes = ["mdt_review", "right_hemicolectomy", "simple_appendectomy", "adenocarcinoma_type_resection"]

    let appendix, g1, g2, g3, nec, mm20, ki67Of10: Int64
    let sites: [Int64]

    init(_ values: SlotConverter) throws {
        appendix = try values.member("primary_site", "appendix")
        (g1, g2, g3, nec) = try gradeMembers(values)
        mm20 = try values.tenths("tumor_size", 200, "mm")
        ki67Of10 = try values.tenths("ki67", 100, "%")
        sites = try values.members("primary_site")
    }

    func sample(_ random: inout SplitMix64, _ values: SlotConverter) throws -> [Int64] {
        let grade = random.grade(g1, g2, g3, nec)
        let ki67 = random.ki67Tenths(grade: grade, g1: g1, g2: g2, edges: [99, 100, 101])
        return [random.chance(0.85) ? appendix : sites.randomElement(using: &random)!,
                random.chance(0.08) ? 1 : 0,
                try values.tenths("tumor_size", random.tumorSizeTenths(), "mm"),
                grade,
                try values.tenths("ki67", ki67, "%")]
    }

    func decide(_ row: UnsafePointer<Int64>) -> Int {
        guard row[0] == appendix else { return notApplicable }
        if row[1] != 0 { return 0 }
        if row[3] == nec { return 3 }
        if row[2] > mm20 { return 1 }
        if row[3] == g3 || (row[3] == g2 && row[4] >= ki67Of10) { return 1 }
        return 2
    }
}

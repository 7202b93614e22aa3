import NenRule

/// `rectal_net.management` (Guidelines/sites/rectum.nenrule), by hand.
struct RectalManagement: HandWritten {
    static let decisionID = "rectal_net.management"
    static let columns = ["primary_site", "distant_metastasis", "grade", "tumor_size",
                          "regional_ln_metastasis", "invasion_depth"]
    static let outcomes = ["palliative_surgery_for_symptoms", "adenocarcinoma_type_resection", "radical_resection",
                           "eftr_or_local_excision", "endoscopic_resection", "mdt_review"]

    let rectum, g1, g2, g3, nec, submucosa, muscularisPropria, mm10, mm20: Int64
    let sites, depths: [Int64]

    init(_ values: SlotConverter) throws {
        rectum = try values.member("primary_site", "rectum")
        (g1, g2, g3, nec) = try gradeMembers(values)
        submucosa = try values.member("invasion_depth", "submucosa")
        muscularisPropria = try values.member("invasion_depth", "muscularis_propria")
        mm10 = try values.tenths("tumor_size", 100, "mm")
        mm20 = try values.tenths("tumor_size", 200, "mm")
        sites = try values.members("primary_site")
        depths = try values.members("invasion_depth")
    }

    func sample(_ random: inout SplitMix64, _ values: SlotConverter) throws -> [Int64] {
        [random.chance(0.85) ? rectum : sites.randomElement(using: &random)!,
         random.chance(0.08) ? 1 : 0,
         random.grade(g1, g2, g3, nec),
         try values.tenths("tumor_size", random.tumorSizeTenths(), "mm"),
         random.chance(0.15) ? 1 : 0,
         depths.randomElement(using: &random)!]
    }

    func decide(_ row: UnsafePointer<Int64>) -> Int {
        guard row[0] == rectum else { return notApplicable }
        let grade = row[2], size = row[3], nodes = row[4] != 0
        let lowGrade = grade == g1 || grade == g2
        if row[1] != 0 { return 0 }
        if grade == nec { return 1 }
        if size > mm20 { return 2 }
        // From here on the size is at most 20 mm: the earlier branch took everything larger.
        if size >= mm10 && (nodes || grade == g2 || grade == g3) { return 2 }
        if size < mm10 && row[5] == muscularisPropria && lowGrade && !nodes { return 3 }
        if row[5] <= submucosa && lowGrade && !nodes { return 4 }
        return 5
    }
}

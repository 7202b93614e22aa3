import NenRule

/// A random well-typed rule set, the same for the same seed (the library's SplitMix64): facts of
/// every type (bool, enumerations plain and ordered, numbers, quantities of every dimension in
/// every unit, with and without ranges), outcomes, defines, decisions of every kind (branches,
/// tables, criteria) and hit policy, some deriving facts, constraints between facts, tests, and
/// comments and odd layout in many positions. Property tests run every command over it.
struct RandomRuleSet: Sendable {
    let seed: UInt64
    /// The rule file.
    let text: String
    let facts: [RandomFact]
    /// Decision ids, each with the answers it can give (outcomes, members, or criteria answers).
    let decisions: [(id: String, outputs: [String])]
    let constraints: [String]
    /// Comments written into `text`.
    let comments: Int

    /// `large` programs have more facts, deeper conditions and longer bodies; by default one
    /// seed in eight is large (small ones keep the property tests fast; the fuzz corpus is large).
    init(seed: UInt64, large: Bool? = nil) {
        var builder = Builder(seed: seed, large: large ?? (seed % 8 == 0))
        builder.build()
        self.seed = seed
        text = builder.writer.finish()
        facts = builder.facts
        decisions = builder.decisions
        constraints = builder.constraints
        comments = builder.writer.comments
    }
}

extension RandomRuleSet {
    static let strengths = ["must", "should", "recommend", "suggest", "prefer", "may", "not_recommended", "refer"]
    static let policies = ["first", "unique", "collect", "highest"]
    static let titles = [#""Title""#, #""A \"quoted\" title""#, #""back\\slash and tab\t""#, #""§4.1 Table 3 — 中文""#,
                         #""A title long enough that the header no longer fits on one line of a hundred columns, by far""#]
    static let cites = [#""§1""#, #""§3.2 Table 7""#, #""T3""#, #""ENETS 2023, p. 12""#]
    static let notes = [#""AMB-01: the higher grade wins""#, #""gap: the rest is left open on purpose""#,
                        #""CONFLICT: two sources disagree""#, #""overlap: both apply""#, #""relative""#,
                        #""a note far too long to share the line of its branch, so it goes on a line of its own, it is hoped""#]
    static let factWords = ["size", "ki67", "grade_", "site", "flag", "age", "n", "mitoses", "change", "a_rather_long_fact_name_for_columns"]
    static let memberWords = ["lo", "mid", "hi", "G1", "G2", "G3", "NEC", "stomach", "colon", "jejunum_ileum",
                              "muscularis_propria", "early", "late", "x"]
    static let outcomeWords = ["surgery", "watch", "mdt_review", "endoscopic_resection", "follow_up_in_six_months_with_ct", "none"]
    static let idWords = ["care", "grading", "stage", "followup.mgmt", "site.rectum.management", "d"]

    /// Builds the items in order, then writes them (sometimes shuffled: order means nothing).
    struct Builder {
        var random: SplitMix64
        var writer: RuleWriter
        let seed: UInt64
        /// Sizes: condition depth, and the most derived facts, decisions, and branches or rows.
        let depth: Int
        let large: Bool
        let most: (derived: UInt64, decisions: UInt64, lines: UInt64)
        var facts: [RandomFact] = []
        var outcomes: [String] = []
        /// Outcomes declared `finding`: results may leave their strength out.
        var findings: Set<String> = []
        var defines: [String] = []
        var items: [[String]] = []
        var decisions: [(id: String, outputs: [String])] = []
        var constraints: [String] = []

        init(seed: UInt64, large: Bool) {
            self.seed = seed
            depth = large ? 2 : 1
            self.large = large
            most = large ? (2, 4, 5) : (1, 3, 3)
            random = SplitMix64(seed: seed)
            writer = RuleWriter(seed: seed)
        }

        mutating func build() {
            var header: [[String]] = []
            if chance(850) { header.append(guideline()) }
            let baseFacts = large ? 3 + Int(random.next() % 5) : 2 + Int(random.next() % 3)
            for _ in 0..<baseFacts { facts.append(baseFact()) }
            for index in 0..<(2 + Int(random.next() % 4)) { outcomes.append(word(RandomRuleSet.outcomeWords) + String(index)) }
            for outcome in outcomes where chance(300) { findings.insert(outcome) }
            items += outcomes.map { ["outcome", $0] + (chance(700) ? [word(RandomRuleSet.titles)] : []) + (findings.contains($0) ? ["finding"] : []) }
            for _ in 0..<Int(random.next() % (most.derived + 1)) { derivedFact() }
            for index in 0..<Int(random.next() % 4) { define(index) }
            for _ in 0..<(1 + Int(random.next() % most.decisions)) { decision(outputs: outcomes, deriving: nil) }
            for index in 0..<Int(random.next() % 3) { constraint(index) }
            for index in 0..<Int(random.next() % 3) { items.append(test(index)) }
            items = facts.enumerated().map { $0.element.declaration(description: chance(300) ? word(RandomRuleSet.titles) : nil) } + items
            if chance(250) { items.shuffle(using: &random) }
            for item in header + items { writer.item(item) }
            writer.fileComments(atStart: true)
            writer.fileComments(atStart: false)
        }

        mutating func chance(_ perMille: UInt64) -> Bool { random.next() % 1000 < perMille }

        mutating func word(_ words: [String]) -> String { words[Int(random.next() % UInt64(words.count))] }

        func factName(_ index: Int) -> String { facts[index].name }

        mutating func guideline() -> [String] {
            ["guideline", "g\(seed % 1000)"] + (chance(700) ? [word(RandomRuleSet.titles)] : []) + (chance(600) ? ["version", "\"1.\(seed % 10)\""] : [])
        }

        mutating func annotations(maximum: Int) -> [String] {
            var tokens: [String] = []
            for _ in 0..<Int(random.next() % UInt64(maximum + 1)) {
                if chance(600) {
                    tokens += ["cite", word(RandomRuleSet.cites)] + (chance(300) ? [",", word(RandomRuleSet.cites)] : [])
                } else {
                    tokens += ["note", word(RandomRuleSet.notes)]
                }
            }
            return tokens
        }
    }
}

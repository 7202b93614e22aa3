import Testing
@testable import NenRule

/// The evaluator against brute force: on random small rule sets with constraints, a decision's
/// status and possible outcomes must be exactly those of every constraint-satisfying completion
/// of the case, each evaluated with every fact known. Completions take every value of a grid
/// that holds each threshold and a value between and beyond them, so every cell is visited.
@Suite("exact answers against brute force")
struct DifferentialTests {
    static let programs = 300
    static let casesPerProgram = 4

    @Test func answersMatchEveryCompletion() throws {
        var compared = 0
        for seed in 0..<UInt64(Self.programs) {
            var random = SplitMix64(seed: seed &* 0x9E37_79B9 &+ 17)
            let source = RandomSmallRuleSet.make(&random)
            let compilation = Fixtures.compile(source)
            guard let graph = compilation.graph, !compilation.hasErrors else { continue }
            for _ in 0..<Self.casesPerProgram {
                let given = RandomSmallRuleSet.givenFacts(&random)
                guard let actual = Self.evaluate(graph, given) else { continue }
                let expected = Self.bruteForce(graph, given)
                guard !expected.isEmpty else { continue }
                compared += 1
                let message = "seed \(seed), case \(given)\n\(source)"
                #expect(Self.summary(actual) == Self.summary(of: expected), "\(message)")
            }
        }
        #expect(compared >= Self.programs, "only \(compared) cases compared")
    }

    /// What a result says, comparable with brute force: the status, the possible outcomes, and
    /// for a decided answer its recommendations with their strengths.
    static func summary(_ result: DecisionResult) -> String {
        let recommendations = result.recommendations.map { "\($0.outcome):\($0.strength?.rawValue ?? "-")" }.sorted()
        switch result.status {
        case .decided: return "decided \(result.outcomes.sorted()) \(recommendations)"
        case .undetermined: return "undetermined \(result.outcomes.sorted())"
        case .notApplicable: return "not_applicable"
        }
    }

    /// The answer all completions share, or undetermined between the outcomes they give.
    static func summary(of completions: [DecisionResult]) -> String {
        let answers = Set(completions.map(summary))
        if answers.count == 1, let only = answers.first, !only.hasPrefix("undetermined") { return only }
        let applicable = completions.filter { $0.status != .notApplicable }
        if applicable.isEmpty { return "not_applicable" }
        return "undetermined \(Array(Set(applicable.flatMap(\.outcomes))).sorted())"
    }

    /// The evaluator's answer for `d`, or nil when the case breaks a constraint.
    static func evaluate(_ graph: DecisionGraph, _ given: [String: String]) -> DecisionResult? {
        var evaluator = Evaluator(graph: graph)
        guard let parsed = try? JSONReader.parse(RandomSmallRuleSet.json(given)).get(),
              CaseReader.load(parsed, into: &evaluator).isEmpty else { return nil }
        return evaluator.decide(graph.decisionIndex("d")!)
    }

    /// `d` on every completion of `given` that satisfies the constraints.
    static func bruteForce(_ graph: DecisionGraph, _ given: [String: String]) -> [DecisionResult] {
        var results: [DecisionResult] = []
        let missing = RandomSmallRuleSet.domains.filter { given[$0.fact] == nil }
        func complete(_ index: Int, _ facts: [String: String]) {
            guard index < missing.count else {
                if let result = evaluate(graph, facts), satisfiesConstraints(graph, facts) { results.append(result) }
                return
            }
            for value in missing[index].values {
                var next = facts
                next[missing[index].fact] = value
                complete(index + 1, next)
            }
        }
        complete(0, given)
        return results
    }

    /// Every constraint holds on a completion with every base fact known, derived facts derived.
    static func satisfiesConstraints(_ graph: DecisionGraph, _ facts: [String: String]) -> Bool {
        var evaluator = Evaluator(graph: graph)
        guard let parsed = try? JSONReader.parse(RandomSmallRuleSet.json(facts)).get(),
              CaseReader.load(parsed, into: &evaluator).isEmpty else { return false }
        for decision in graph.decisions.indices { evaluator.run(decision) }
        return graph.constraints.allSatisfy { constraint in
            constraint.condition.holds { slot in evaluator.value(Int32(slot)) }
        }
    }
}

/// Small random rule sets over a fixed vocabulary: a length, two flags, a three-member enum and
/// a fact derived from the length and the enum. The decision `d` has random conditions, hit
/// policy, strengths and `otherwise`; zero to two constraints relate the facts.
enum RandomSmallRuleSet {
    static let header = """
        guideline r "r"
        fact x: length in mm range 0 mm ... 30 mm
        fact b: bool
        fact c: bool
        fact e: { e1, e2, e3 }
        fact g: { g1, g2 } derived by gd
        outcome o1 "o1"
        outcome o2 "o2"
        outcome o3 "o3"
        decision gd { when x < 10 mm and e != e3 => g1  otherwise => g2 }
        """

    /// The base facts and the values a completion may take: every threshold, and values between
    /// and beyond them.
    static let domains: [(fact: String, values: [String])] = [
        ("x", ["0 mm", "2.5 mm", "5 mm", "7.5 mm", "10 mm", "15 mm", "20 mm", "25 mm"]),
        ("b", ["true", "false"]), ("c", ["true", "false"]), ("e", ["e1", "e2", "e3"]),
    ]

    static func make(_ random: inout SplitMix64) -> String {
        var lines = [header]
        for index in 0..<Int.random(in: 0...2, using: &random) {
            let relation = Bool.random(using: &random) ? "implies" : "iff"
            lines.append("constraint k\(index) \"k\" cite \"§1\" { \(atom(&random, derived: true)) \(relation) \(atom(&random, derived: true)) }")
        }
        let policy = ["first", "collect", "highest"].randomElement(using: &random)!
        let guardText = Int.random(in: 0..<3, using: &random) == 0 ? " applies when \(atom(&random, derived: true))" : ""
        var body: [String] = []
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let strength = ["", "may ", "should "].randomElement(using: &random)!
            body.append("  when \(condition(&random, depth: 0)) => \(strength)\(["o1", "o2", "o3"].randomElement(using: &random)!)")
        }
        if Bool.random(using: &random) { body.append("  otherwise => o3") }
        lines.append("decision d\(guardText) policy \(policy) {\n" + body.joined(separator: "\n") + "\n}")
        return lines.joined(separator: "\n") + "\n"
    }

    static func condition(_ random: inout SplitMix64, depth: Int) -> String {
        guard depth < 2, Int.random(in: 0..<3, using: &random) == 0 else { return atom(&random, derived: true) }
        let left = condition(&random, depth: depth + 1), right = condition(&random, depth: depth + 1)
        switch Int.random(in: 0..<3, using: &random) {
        case 0: return "(\(left) and \(right))"
        case 1: return "(\(left) or \(right))"
        default: return "not (\(left))"
        }
    }

    static func atom(_ random: inout SplitMix64, derived: Bool) -> String {
        let threshold = ["5 mm", "10 mm", "20 mm"].randomElement(using: &random)!
        switch Int.random(in: 0..<(derived ? 6 : 5), using: &random) {
        case 0: return "x \(["<", "<=", ">", ">=", "=="].randomElement(using: &random)!) \(threshold)"
        case 1: return "b"
        case 2: return "not c"
        case 3: return "e in { \(["e1", "e2", "e1, e3", "e2, e3"].randomElement(using: &random)!) }"
        case 4: return "x in 5 mm ... 20 mm"
        default: return "g == \(["g1", "g2"].randomElement(using: &random)!)"
        }
    }

    /// A random case: each base fact given with a grid value or left out.
    static func givenFacts(_ random: inout SplitMix64) -> [String: String] {
        var facts: [String: String] = [:]
        for (fact, values) in domains where Int.random(in: 0..<3, using: &random) == 0 {
            facts[fact] = values.randomElement(using: &random)!
        }
        return facts
    }

    static func json(_ facts: [String: String]) -> String {
        "{" + facts.sorted { $0.key < $1.key }.map { key, value in
            let literal = ["true", "false"].contains(value) ? value : "\"\(value)\""
            return "\"\(key)\": \(literal)"
        }.joined(separator: ", ") + "}"
    }
}

import Testing
@testable import NenRule

/// Kleene logic, hit policies, criteria, derived facts: the semantics of the design brief §2.
@Suite("evaluation semantics")
struct EvaluatorTests {
    static let logic = Fixtures.graph("""
        guideline t "t"
        fact a: bool
        fact b: bool
        outcome yes "yes"
        decision and_ { when a and b => yes }
        decision or_ { when a or b => yes }
        decision not_ { when not a => yes }
        """)

    static func truth(_ id: String, _ a: Bool?, _ b: Bool?) -> String {
        var members: [String] = []
        if let a { members.append("\"a\": \(a)") }
        if let b { members.append("\"b\": \(b)") }
        let result = Fixtures.decide(logic, id, "{\(members.joined(separator: ","))}")
        switch result.status {
        case .decided: return "T"
        case .undetermined: return result.outcomes.isEmpty ? "F" : "U"
        case .notApplicable: return "?"
        }
    }

    /// Rows a = T, F, U; columns b = T, F, U.
    @Test func kleeneTruthTables() {
        let values: [Bool?] = [true, false, nil]
        let and = values.map { a in values.map { b in Self.truth("and_", a, b) }.joined() }
        let or = values.map { a in values.map { b in Self.truth("or_", a, b) }.joined() }
        let not = values.map { Self.truth("not_", $0, nil) }.joined()
        #expect(and == ["TFU", "FFF", "UFU"])
        #expect(or == ["TTT", "TFU", "TUU"])
        #expect(not == "FTU")
    }

    static let policies = Fixtures.graph("""
        guideline t "t"
        fact size: length in mm
        fact flag: bool
        outcome small "small"
        outcome large "large"
        outcome option_a "a"
        outcome option_b "b"
        outcome other "other"
        decision first_ policy first {
          when size < 10 mm => small
          when size >= 10 mm => large
        }
        decision unique_ policy unique {
          when size < 10 mm => small
          when size >= 10 mm => large
        }
        decision collect_ policy collect {
          when size < 20 mm => may option_a
          when flag => may option_b
          otherwise => other
        }
        decision highest_ policy highest {
          when size > 0 mm => small
          when flag => large
        }
        """)

    @Test func firstTakesTheFirstTrueBranch() {
        let r = Fixtures.decide(Self.policies, "first_", #"{"size": 9.999}"#)
        #expect(r.status == .decided && r.outcomes == ["small"])
        let atBoundary = Fixtures.decide(Self.policies, "first_", #"{"size": "1 cm"}"#)
        #expect(atBoundary.outcomes == ["large"])
    }

    @Test func unknownBeforeTheFirstTrueBranchKeepsItOpen() {
        let r = Fixtures.decide(Self.policies, "first_", "{}")
        #expect(r.status == .undetermined)
        #expect(r.outcomes == ["small", "large"])
        #expect(r.needs == ["size"])
    }

    @Test func uniqueBehavesLikeFirstWhenBranchesAreDisjoint() {
        #expect(Fixtures.decide(Self.policies, "unique_", #"{"size": 12}"#).outcomes == ["large"])
    }

    @Test func collectGathersEveryTrueBranch() {
        let both = Fixtures.decide(Self.policies, "collect_", #"{"size": 5, "flag": true}"#)
        #expect(both.status == .decided && both.outcomes == ["option_a", "option_b"])
        #expect(both.recommendations.map(\.strength) == [.may, .may])
        let none = Fixtures.decide(Self.policies, "collect_", #"{"size": 25, "flag": false}"#)
        #expect(none.outcomes == ["other"])
        let open = Fixtures.decide(Self.policies, "collect_", #"{"size": 5}"#)
        #expect(open.status == .undetermined && open.needs == ["flag"])
        #expect(open.outcomes == ["option_a", "option_b"])
    }

    @Test func highestPicksTheHighestDeclaredOutcome() {
        #expect(Fixtures.decide(Self.policies, "highest_", #"{"size": 5, "flag": true}"#).outcomes == ["large"])
        #expect(Fixtures.decide(Self.policies, "highest_", #"{"size": 5, "flag": false}"#).outcomes == ["small"])
        let open = Fixtures.decide(Self.policies, "highest_", #"{"size": 5}"#)
        #expect(open.status == .undetermined && open.outcomes == ["small", "large"] && open.needs == ["flag"])
    }

    static let criteria = Fixtures.graph("""
        guideline t "t"
        fact burden: percent
        fact age: duration in years
        criteria milan "Milan" cite "§4.2.5" {
          require burden < 50 %   "burden under half the liver"
          relative age < 60 years "age under 60"
        }
        """)

    @Test func criteriaWithARelativeCriterion() {
        #expect(Fixtures.decide(Self.criteria, "milan", #"{"burden": 49, "age": 59}"#).outcomes == ["met"])
        #expect(Fixtures.decide(Self.criteria, "milan", #"{"burden": 49, "age": 60}"#).outcomes == ["met_except_relative"])
        #expect(Fixtures.decide(Self.criteria, "milan", #"{"burden": "50%", "age": 30}"#).outcomes == ["not_met"])
        let failedAbsolute = Fixtures.decide(Self.criteria, "milan", #"{"burden": 80}"#)
        #expect(failedAbsolute.status == .decided && failedAbsolute.outcomes == ["not_met"])
        let open = Fixtures.decide(Self.criteria, "milan", #"{"burden": 10}"#)
        #expect(open.status == .undetermined && open.outcomes == ["met", "met_except_relative"] && open.needs == ["age"])
    }

    static let derived = Fixtures.graph("""
        guideline t "t"
        fact ki67: percent
        fact grade: { G1, G2, G3 } derived by grading
        outcome watch "watch"
        outcome treat "treat"
        decision grading policy highest {
          when ki67 < 3 % => G1
          when ki67 in 3 % ... 20 % => G2
          when ki67 > 20 % => G3
        }
        decision care { when grade == G1 => watch  otherwise => treat }
        """)

    @Test func derivedFactsAreComputedWhenNotGiven() {
        #expect(Fixtures.decide(Self.derived, "care", #"{"ki67": "2.9%"}"#).outcomes == ["watch"])
        #expect(Fixtures.decide(Self.derived, "care", #"{"ki67": 3}"#).outcomes == ["treat"])
    }

    /// A given value is used as given when the other facts do not decide the derivation, and
    /// refused when they decide it otherwise (issue 12: inconsistent input is never an answer).
    @Test func aGivenValueMustAgreeWithTheDerivation() throws {
        #expect(Fixtures.decide(Self.derived, "care", #"{"grade": "G1"}"#).outcomes == ["watch"])
        #expect(Fixtures.decide(Self.derived, "care", #"{"ki67": 2, "grade": "G1"}"#).outcomes == ["watch"])
        var evaluator = Evaluator(graph: Self.derived)
        let diagnostics = CaseReader.load(try JSONReader.parse(#"{"ki67": 50, "grade": "G1"}"#).get(), into: &evaluator)
        #expect(diagnostics.map(\.code) == ["inconsistent-case"])
        #expect(diagnostics.first?.message == "`grade` is given as G1, but `grading` derives G3 from the other facts")
    }

    @Test func anUnderivableFactNeedsItselfAndItsInputs() {
        let r = Fixtures.decide(Self.derived, "care", "{}")
        #expect(r.status == .undetermined)
        #expect(r.needs == ["ki67", "grade"])
    }

    @Test func missingFactsThatCannotChangeTheAnswerDoNotBlockIt() {
        let graph = Fixtures.graph("""
            guideline t "t"
            fact size: length in mm
            fact depth: ordered { mucosa, submucosa, muscle }
            outcome surgery "s"
            outcome endoscopy "e"
            decision d {
              when size > 20 mm => surgery
              when depth <= submucosa => endoscopy
              otherwise => surgery
            }
            """)
        #expect(Fixtures.decide(graph, "d", #"{"size": "2.5 cm"}"#).status == .decided)
        let open = Fixtures.decide(graph, "d", #"{"size": 8}"#)
        #expect(open.status == .undetermined && open.needs == ["depth"])
    }

    @Test func anUnknownGuardLeavesTheDecisionUndetermined() {
        let graph = Fixtures.graph("""
            guideline t "t"
            fact site: { rectum, colon }
            outcome x "x"
            decision d applies when site == rectum { otherwise => x }
            """)
        let r = Fixtures.decide(graph, "d", "{}")
        #expect(r.status == .undetermined && r.needs == ["site"] && r.recommendations.isEmpty)
        #expect(Fixtures.decide(graph, "d", #"{"site": "colon"}"#).status == .notApplicable)
    }

    @Test func sharedConditionsAreOneNode() {
        let graph = Fixtures.graph("""
            guideline t "t"
            fact size: length in mm
            outcome x "x"
            decision a { when size > 20 mm => x }
            decision b { when size > 2 cm => x }
            """)
        #expect(graph.nodes.count == 1)
    }
}

import Testing
@testable import NenRule

/// Constraints between facts: propagation, exact answers over narrowed domains, refused cases,
/// checker conflicts. The rule sets are test data, not clinical claims.
@Suite("constraints")
struct ConstraintTests {
    static let chain = Fixtures.graph("""
        guideline t "t"
        fact a: bool
        fact b: bool
        fact c: bool
        outcome yes "yes"
        outcome no "no"
        constraint ab "a implies b" cite "§1" { a implies b }
        constraint bc "b implies c" cite "§1" { b implies c }
        decision reads_c { when c => yes  when not c => no }
        decision reads_a { when a => yes  when not a => no }
        """)

    @Test func aChainOfImplicationsNarrowsForwards() {
        let result = Fixtures.decide(Self.chain, "reads_c", #"{"a": true}"#)
        #expect(result.status == .decided && result.outcomes == ["yes"])
    }

    @Test func aChainOfImplicationsNarrowsBackwards() {
        let result = Fixtures.decide(Self.chain, "reads_a", #"{"c": false}"#)
        #expect(result.status == .decided && result.outcomes == ["no"])
    }

    @Test func withoutTheChainTheFactIsOpen() {
        let result = Fixtures.decide(Self.chain, "reads_a", #"{"c": true}"#)
        #expect(result.status == .undetermined && result.needs == ["a"])
    }

    static let units = Fixtures.graph("""
        guideline t "t"
        fact size: length in mm range > 0 mm
        fact grade: { G1, G2, G3 }
        fact depth: ordered { mucosa, submucosa, muscle }
        outcome low "low"
        outcome other "other"
        constraint large "2 cm or more is not G1" cite "§1" { size >= 2 cm implies grade != G1 }
        constraint deep "muscle means 5 mm or more" cite "§1" { depth == muscle implies size >= 5 mm }
        decision grade_low { when grade == G1 => low  otherwise => other }
        decision small { when size < 5 mm => low  otherwise => other }
        """)

    @Test func aQuantityInOtherUnitsNarrowsAnEnum() {
        let result = Fixtures.decide(Self.units, "grade_low", #"{"size": "25 mm"}"#)
        #expect(result.status == .decided && result.outcomes == ["other"])
        let below = Fixtures.decide(Self.units, "grade_low", #"{"size": "1.9 cm"}"#)
        #expect(below.status == .undetermined && below.needs == ["grade"])
    }

    @Test func anOrderedEnumNarrowsAQuantity() {
        let result = Fixtures.decide(Self.units, "small", #"{"depth": "muscle"}"#)
        #expect(result.status == .decided && result.outcomes == ["other"])
    }

    static let derived = Fixtures.graph("""
        guideline t "t"
        fact ki67: percent range 0 % ... 100 %
        fact differentiation: { well, poorly }
        fact grade: { G1, G2, NEC } derived by grading
        outcome G1 "G1"
        outcome G2 "G2"
        outcome NEC "NEC"
        outcome chemo "chemo"
        outcome surgery "surgery"
        constraint poorly "poorly differentiated is NEC" cite "§1" { differentiation == poorly iff grade == NEC }
        decision grading {
          when differentiation == poorly => NEC
          when differentiation == well and ki67 < 3 % => G1
          when differentiation == well and ki67 >= 3 % => G2
        }
        decision care { when grade == NEC => chemo  otherwise => surgery }
        """)

    @Test func aDerivationLeftOpenNarrowsItsFactToItsPossibleOutcomes() {
        let result = Fixtures.decide(Self.derived, "care", #"{"differentiation": "well"}"#)
        #expect(result.status == .decided && result.outcomes == ["surgery"])
    }

    @Test func aGivenDerivedFactNarrowsTheFactsOfItsDerivation() {
        let result = Fixtures.decide(Self.derived, "care", #"{"grade": "G2"}"#)
        #expect(result.status == .decided && result.outcomes == ["surgery"])
    }

    @Test func givenFactsThatBreakAConstraintAreRefused() throws {
        var evaluator = Evaluator(graph: Self.chain)
        let diagnostics = CaseReader.load(try JSONReader.parse(#"{"a": true, "c": false}"#).get(), into: &evaluator)
        let error = try #require(diagnostics.first)
        #expect(error.code == "inconsistent-case" && error.severity == .error)
        #expect(error.message.contains("`ab`") || error.message.contains("`bc`"), "\(error.message)")
        #expect(error.notes.contains { $0.contains("cite §1") })
        #expect(error.notes.contains { $0.contains("`a` = true") || $0.contains("`c` = false") }, "\(error.notes)")
    }

    @Test func aGivenValueContradictingItsDerivationIsRefused() throws {
        var evaluator = Evaluator(graph: Self.derived)
        let diagnostics = CaseReader.load(try JSONReader.parse(#"{"differentiation": "well", "ki67": "1 %", "grade": "G2"}"#).get(),
                                          into: &evaluator)
        #expect(diagnostics.map(\.code) == ["inconsistent-case"])
    }

    @Test func needsOmitAFactTheConstraintsSettle() {
        let graph = Fixtures.graph("""
            guideline t "t"
            fact m: bool
            fact liver: bool
            fact burden: percent range 0 % ... 100 %
            outcome yes "yes"
            outcome no "no"
            constraint m "liver is metastasis" cite "§1" { liver implies m }
            decision d { when liver and burden < 50 % => yes  otherwise => no }
            """)
        let result = Fixtures.decide(graph, "d", #"{"m": false}"#)
        #expect(result.status == .decided && result.outcomes == ["no"] && result.needs.isEmpty)
        let open = Fixtures.decide(graph, "d", #"{"m": true}"#)
        #expect(open.status == .undetermined && open.needs == ["liver", "burden"])
    }

    @Test func constraintsExcludingEveryValueAreACheckerErrorWithAWitness() throws {
        let compilation = Fixtures.compile("""
            guideline t "t"
            fact a: bool
            fact b: bool
            constraint one "a" cite "§1" { a }
            constraint two "a implies b" cite "§1" { a implies b }
            constraint three "not b" cite "§1" { not b }
            """)
        let error = try #require(compilation.diagnostics.first { $0.code == "conflicting-constraints" })
        #expect(error.severity == .error)
        #expect(!error.witness.isEmpty)
        #expect(error.notes.contains { $0.contains("narrowed") }, "\(error.notes)")
        let alone = Fixtures.compile("""
            guideline t "t"
            fact a: bool
            constraint never "a and not a" cite "§1" { a and not a }
            """)
        #expect(Fixtures.codes(alone).contains("unsatisfiable-constraint"))
    }

    @Test func pastTheBudgetTheAnswerSaysItIsApproximate() throws {
        let graph = Fixtures.graph("""
            guideline t "t"
            fact x: length in mm range 0 mm ... 100 mm
            fact y: length in mm range 0 mm ... 100 mm
            outcome o "o"
            decision d {
              when x < 10 mm or x >= 10 mm and y < 10 mm or y >= 10 mm => o
            }
            """)
        var evaluator = Evaluator(graph: graph)
        evaluator.exactBudget = 1
        evaluator.reset()
        let narrow = evaluator.decide(0)
        #expect(narrow.approximate && narrow.status == .undetermined)
        let renderer = EvaluationRenderer(graph: graph, sources: SourceSet())
        #expect(renderer.json(narrow).render(pretty: false).contains(#""approximate":true"#))
        evaluator.exactBudget = Exactness.budget
        evaluator.reset()
        let exact = evaluator.decide(0)
        #expect(!exact.approximate && exact.status == .decided)
    }

    /// The repros of the issue that asked for exact answers, each with the empty case.
    @Test(arguments: [
        ("decision t { when x < 12.5 mm or x >= 12.5 mm => a }", "{}", "decided [a]"),
        ("decision t { when x <= 10 mm => a  when x > 10 mm => a }", "{}", "decided [a]"),
        ("decision t applies when b == false and b { otherwise => a }", "{}", "not_applicable []"),
        ("decision t policy collect { when e == e2 => a  otherwise => a }", "{}", "decided [a]"),
        ("decision t policy highest { when e == e2 => a  otherwise => a }", "{}", "decided [a]"),
        ("decision t { when e in { e1, e2, e3, e4 } => a }", "{}", "decided [a]"),
        ("decision t { when x < 5 mm and e == e1 => a  otherwise => o }", #"{"x": "10 mm"}"#, "decided [o]"),
    ])
    func exactAnswers(rule: String, json: String, expected: String) {
        let graph = Fixtures.graph("""
            guideline t "t"
            fact x: length in mm range 0 mm ... 100 mm
            fact b: bool
            fact e: { e1, e2, e3, e4 }
            outcome a "a"
            outcome o "o"
            \(rule)
            """)
        let result = Fixtures.decide(graph, "t", json)
        #expect("\(result.status.rawValue) [\(result.outcomes.joined(separator: ", "))]" == expected, "\(rule) needs \(result.needs)")
    }
}

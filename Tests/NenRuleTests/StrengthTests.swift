import Foundation
import Testing
@testable import NenRule

/// An outcome given as `not_recommended` never reads as advice for it: not in `eval` text, not in
/// a batch summary, not in a passing test that did not say so.
@Suite("strengths")
struct StrengthTests {
    static let rules = """
        guideline s "S"
        fact stage: { I, II, III }
        outcome adjuvant_rt "Adjuvant radiotherapy"
        outcome surgery "Surgery"
        decision rt.postop "After surgery: radiotherapy" cite "§4.5" policy collect {
          when stage == I   => not_recommended adjuvant_rt
          when stage == III => may adjuvant_rt, should surgery
          when stage != III => should surgery
        }
        """

    static func test(_ expect: String) -> [String] {
        let compilation = Fixtures.compile(rules + "\ntest \"t\" { given stage = I\n  \(expect) }\n")
        guard let model = compilation.model, let graph = compilation.graph else { return ["did not compile"] }
        return TestRunner.run(model, graph).flatMap { $0.failures.map(\.message) }
    }

    @Test func anExpectMustSayNotRecommended() {
        #expect(Self.test("expect rt.postop => adjuvant_rt, surgery").first?.contains("the decision advises against `adjuvant_rt`") == true)
        #expect(Self.test("expect rt.postop => not_recommended adjuvant_rt, surgery").isEmpty)
        #expect(Self.test("expect rt.postop => not_recommended adjuvant_rt, should surgery").isEmpty)
        #expect(Self.test("expect rt.postop => not_recommended adjuvant_rt, may surgery").count == 1)
    }

    @Test func evalTextKeepsAdviceAgainstApart() throws {
        let graph = Fixtures.graph(Self.rules)
        let result = Fixtures.decide(graph, "rt.postop", #"{"stage": "I"}"#)
        let text = EvaluationRenderer(graph: graph, sources: nil).text(result)
        #expect(text.contains("  decided: should surgery\n  not recommended: adjuvant_rt\n"), "\(text)")
        #expect(text.contains("• not recommended: Adjuvant radiotherapy (adjuvant_rt)"))
        let json = EvaluationRenderer(graph: graph, sources: nil).json(result).render(pretty: false)
        #expect(json.contains(#""by_strength":{"should":["surgery"],"not_recommended":["adjuvant_rt"]}"#), "\(json)")
    }

    @Test func batchSummaryCountsAdviceAgainstApart() {
        let graph = Fixtures.graph(Self.rules)
        let input = #"{"stage":"I"}"# + "\n" + #"{"stage":"III"}"# + "\n"
        var runner = BatchRunner(graph: graph, options: BatchRunner.Options())
        let (result, output) = runner.run(input: Array(input.utf8))
        guard case .success(let summary) = result else {
            Issue.record("batch failed: \(result)")
            return
        }
        let text = summary.text(graph, selection: Array(graph.decisions.indices))
        #expect(text.contains("adjuvant_rt 1, not recommended adjuvant_rt 1, surgery 2"), "\(text)")
        #expect(String(decoding: output, as: UTF8.self).contains(#""by_strength":{"should":["surgery"],"not_recommended":["adjuvant_rt"]}"#))
    }

    @Test func adviceWithoutAStrengthIsAnErrorAndAFindingNeedsNone() throws {
        let prelude = "guideline s \"S\"\nfact stage: { I, II, III }\noutcome surgery_plus_rt \"Surgery and RT\"\noutcome CR \"Complete response\" finding\n"
        let missing = Fixtures.compile(prelude + "decision rt \"RT\" cite \"§4.5\" {\n  when stage == III => surgery_plus_rt\n  otherwise => refer surgery_plus_rt\n}\n")
        let diagnostic = try #require(Linter.lint(missing, options: Linter.Options()).first { $0.code == "missing-strength" })
        #expect(diagnostic.severity == .error && diagnostic.help?.contains("`recommend surgery_plus_rt`") == true)
        let finding = Fixtures.compile(prelude + "decision response \"Response\" cite \"§1\" {\n  when stage == I => CR\n  otherwise => refer surgery_plus_rt\n}\n")
        #expect(!Linter.lint(finding, options: Linter.Options()).contains { $0.code == "missing-strength" })
    }
}

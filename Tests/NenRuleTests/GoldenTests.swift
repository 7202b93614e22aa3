import Foundation
import Testing
@testable import NenRule

/// Golden-file oracles: diagnostics text, an AST dump, a graph dump and an evaluation trace.
@Suite("golden files")
struct GoldenTests {
    static let sample = """
        # A small rule set that exercises every construct.
        guideline sample "Sample" version "1"
        fact size: length in mm range > 0 mm "greatest diameter"
        fact ki67: percent range 0 % ... 100 %
        fact depth: ordered { mucosa, submucosa, muscle }
        fact grade: { G1, G2, G3 } derived by grading  # given value wins
        fact age: duration in years
        outcome endoscopy "Endoscopic resection"
        outcome surgery   "Surgery"
        outcome mdt_review "MDT"
        define low_grade = grade in { G1, G2 }

        # Test data, not clinical: small tumours stay within the submucosa.
        constraint small.shallow "Tumours of 1 cm or less stay within the submucosa" cite "§3" {
          size <= 10 mm implies depth <= submucosa  # both directions narrow
        }

        table grading "Grade" cite "Table 3" policy highest {
          inputs ki67
          | < 3 %          | => G1
          | 3 % ... 20 %   | => G2
          | > 20 %         | => G3
        }

        decision care "Care" applies when known(size) cite "§1" {
          when size > 20 mm => suggest surgery cite "§1.2"
          when size <= 2 cm and depth <= submucosa and low_grade => may endoscopy
               note "AMB-01: 20 mm belongs to the endoscopic group"
          otherwise => refer mdt_review
        }

        criteria fit "Fitness" cite "§2" {
          require grade in { G1, G2 } "low grade"
          relative age < 60 years     "younger than 60"
        }

        test "small low-grade tumour" {
          given size = 1.2 cm, depth = mucosa, ki67 = 2 %
          expect care => endoscopy
          expect fit undetermined => met, met_except_relative needs age
        }
        """

    @Test func astDump() {
        let source = SourceFile(path: "sample.nenrule", text: Self.sample)
        let (ast, diagnostics) = Parser.parse(source, file: 0)
        #expect(diagnostics.isEmpty)
        Golden.check(ASTDump.dump(ast, source: source), "sample.ast")
    }

    @Test func graphDump() {
        let graph = Fixtures.graph(Self.sample)
        Golden.check(GraphDump.canonical(graph) + "digest \(graph.digest)\n", "sample.graph")
    }

    @Test func traceOfAnEvaluation() {
        let compilation = Fixtures.compile(Self.sample, path: "sample.nenrule")
        let graph = compilation.graph!
        let result = Fixtures.decide(graph, "care", #"{"size": "1.2 cm", "depth": "submucosa", "ki67": "12%"}"#, trace: true)
        let renderer = EvaluationRenderer(graph: graph, sources: compilation.sources)
        let text = renderer.text(result)
        let json = renderer.json(result).render(pretty: true)
        Golden.check(text + "\n" + json + "\n", "sample.trace")
    }

    /// A missing fact narrowed by a constraint decides the decision; the trace says so.
    @Test func traceOfANarrowedEvaluation() {
        let compilation = Fixtures.compile(Self.sample, path: "sample.nenrule")
        let graph = compilation.graph!
        let result = Fixtures.decide(graph, "care", #"{"size": "8 mm", "ki67": "2 %"}"#, trace: true)
        #expect(result.status == .decided && result.outcomes == ["endoscopy"])
        let renderer = EvaluationRenderer(graph: graph, sources: compilation.sources)
        Golden.check(renderer.text(result) + "\n" + renderer.json(result).render(pretty: true) + "\n", "sample-narrowed.trace")
    }

    @Test func diagnosticsText() {
        let compilation = Fixtures.compile("""
            guideline broken "Broken"
            fact size: length in mm
            fact ki67: percent
            outcome surgery "Surgery"
            decision d {
              when sise > 20 mm => surgery
              when ki67 > 20 mm => surgery
              when size > 20 mm => surgeon
            }
            decision e { when size ≤ 10 mm => surgery }
            """, path: "broken.nenrule")
        Golden.check(Fixtures.rendered(compilation), "broken.diagnostics")
    }

    @Test func theDigestIgnoresLayoutButNotMeaning() {
        let a = Fixtures.graph(Self.sample)
        let b = Fixtures.graph(Self.sample.replacingOccurrences(of: "  ", with: "    "))
        let c = Fixtures.graph(Self.sample.replacingOccurrences(of: "size > 20 mm", with: "size >= 20 mm"))
        #expect(a.digest == b.digest)
        #expect(a.digest != c.digest)
    }
}

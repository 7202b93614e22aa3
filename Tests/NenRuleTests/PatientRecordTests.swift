import Foundation
import Testing
@testable import NenRule

/// Tests over patient records: `given "record.json"` reads a case file beside the test, `given`
/// assignments override it, and the test accounts for every decision it leaves undetermined.
@Suite("patient records")
struct PatientRecordTests {
    static let rules = """
        guideline demo "Demo"
        fact size: length in mm
        fact grade: { G1, G2 }
        fact nodes: bool
        outcome watch
        outcome surgery
        outcome mdt_review
        decision care "Care" cite "§1" {
          when size < 10 mm and grade == G1 => may watch
          when size >= 10 mm                => should surgery
          otherwise                         => refer mdt_review
        }
        decision spread "Spread" cite "§2" {
          when nodes     => should surgery
          when not nodes => may watch
        }

        """

    /// Writes `files` into a fresh directory under the temporary directory and loads it.
    static func load(_ files: [String: String]) throws -> Compilation {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nenrule-records-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("rules"), withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return Frontend.load(path: directory.appendingPathComponent("rules").path)
    }

    static func outcomes(_ compilation: Compilation) -> [TestRunner.Outcome] {
        guard let model = compilation.model, let graph = compilation.graph else {
            Issue.record("did not compile:\n\(Fixtures.rendered(compilation))")
            return []
        }
        return TestRunner.run(model, graph)
    }

    @Test func theRecordGivesTheFactsAndAGivenOverridesOne() throws {
        let compilation = try Self.load([
            "rules/r.nenrule": Self.rules + """
                test "small G1" { given "p.json"
                  expect care => watch
                  expect spread => watch }
                test "the same patient a step later" { given "p.json", size = 12 mm
                  expect care => surgery
                  expect spread => watch }
                """,
            "rules/p.json": #"{"case_id": "p1", "size": "0.8 cm", "grade": "G1", "nodes": false}"#,
        ])
        let results = Self.outcomes(compilation)
        #expect(results.count == 2 && results.allSatisfy(\.passed), "\(results.map(\.failures))")
        #expect(results.allSatisfy { $0.isOverRecord && $0.undetermined.isEmpty })
    }

    @Test func everyUndeterminedDecisionIsAccountedFor() throws {
        let compilation = try Self.load([
            "rules/r.nenrule": Self.rules + """
                test "unaccounted" { given "p.json"
                  expect care => watch }
                test "marked" { given "p.json"
                  expect care => watch
                  irrelevant spread }
                test "expected" { given "p.json"
                  expect care => watch
                  expect spread undetermined needs nodes }
                test "stale mark" { given "p.json", nodes = true
                  expect care => watch
                  irrelevant spread }
                """,
            "rules/p.json": #"{"size": "8 mm", "grade": "G1"}"#,
        ])
        let results = Dictionary(uniqueKeysWithValues: Self.outcomes(compilation).map { ($0.name, $0) })
        #expect(results["unaccounted"]?.failures.map(\.message) == ["`spread` is undetermined for this patient: expect it `undetermined`, or mark it `irrelevant`"])
        #expect(results["marked"]?.passed == true && results["marked"]?.undetermined == ["spread"])
        #expect(results["marked"]?.irrelevant == ["spread"])
        #expect(results["expected"]?.passed == true)
        #expect(results["stale mark"]?.failures.map(\.message) == ["`spread` is marked irrelevant but is decided should surgery: remove the mark"])
    }

    @Test func aRecordOutsideTheRootIsRefused() throws {
        let compilation = try Self.load([
            "rules/r.nenrule": Self.rules + "test \"outside\" { given \"../p.json\"\n  expect care => watch }\n",
            "p.json": #"{"size": "8 mm"}"#,
        ])
        #expect(Fixtures.codes(compilation) == ["record-outside-root"])
        #expect(Fixtures.rendered(compilation).contains("r.nenrule:17:24: error[record-outside-root]: patient record `../p.json` is outside the rule-set root"))
    }

    @Test(arguments: [
        ("{\"size\": ", "record-json", "patient record `p.json` is not valid JSON"),
        ("[1]", "record-shape", "patient record `p.json` must be a JSON object of facts, not an array"),
        ("{\"size\": \"8 mm\", \"grde\": \"G1\"}", "unknown-fact", "did you mean `grade`?"),
        ("{\"size\": \"8 kg\"}", "unknown-unit", "in patient record `p.json`"),
        ("{\"grade\": \"G7\"}", "unknown-member", "`G7` is not a member of `grade`"),
    ])
    func aBrokenRecordIsADiagnosticAtTheTest(json: String, code: String, text: String) throws {
        let compilation = try Self.load([
            "rules/r.nenrule": Self.rules + "test \"broken\" { given \"p.json\"\n  expect care => watch }\n",
            "rules/p.json": json,
        ])
        let rendered = Fixtures.rendered(compilation)
        #expect(compilation.hasErrors && compilation.diagnostics.first?.code.hasPrefix(code) == true, "\(rendered)")
        #expect(rendered.contains(text) && rendered.contains("r.nenrule:17:23:"), "\(rendered)")
    }

    @Test func aMissingRecordNamesTheFile() throws {
        let compilation = try Self.load(["rules/r.nenrule": Self.rules + "test \"missing\" { given \"nowhere.json\"\n  expect care => watch }\n"])
        #expect(Fixtures.codes(compilation) == ["io"])
        #expect(Fixtures.rendered(compilation).contains("nowhere.json"))
    }

    @Test func inMemorySourcesCannotReadRecords() {
        let compilation = Fixtures.compile(Self.rules + "test \"mem\" { given \"p.json\"\n  expect care => watch }\n")
        #expect(Fixtures.codes(compilation) == ["record-unavailable"])
    }

    @Test func anIrrelevantMarkNamesADecision() {
        let compilation = Fixtures.compile(Self.rules + "test \"typo\" { given size = 8 mm\n  expect care => surgery\n  irrelevant sprad }\n")
        #expect(Fixtures.codes(compilation) == ["unknown-decision"])
        #expect(Fixtures.rendered(compilation).contains("did you mean `spread`?"))
    }
}

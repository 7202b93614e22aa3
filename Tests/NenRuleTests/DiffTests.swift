import Foundation
import Testing
@testable import NenRule

/// `nenrule diff`: each kind of edit gives exactly the regions it should, and every witness,
/// evaluated with both versions as `eval` reads it, really differs.
@Suite("semantic diff")
struct DiffTests {
    static let base = """
        guideline t "diff fixture"
        fact tumor_size: length in mm range > 0 mm
        fact ki67: percent range 0 % ... 100 %
        fact grade: { G1, G2, G3 } derived by grading
        fact nodes: bool
        fact stage: { early, advanced }
        outcome endoscopy "Endoscopic resection"
        outcome surgery "Surgery"
        decision grading "grade" policy first cite "§3.1.1" {
          when ki67 < 3 % => G1
          when ki67 <= 20 % => G2
          otherwise => G3
        }
        decision rectal "rectal" policy first cite "§4.1.3" {
          when grade == G3 => must surgery
          when tumor_size < 10 mm => may endoscopy
          when tumor_size >= 10 mm => should surgery
        }
        """

    static func graph(_ text: String) -> DecisionGraph { Fixtures.graph(text) }

    static func diff(_ old: String, _ new: String) -> SemanticDiff.Report {
        SemanticDiff.compare(old: graph(old), new: graph(new))
    }

    /// Regions as (decision, words, old, new), and every witness re-evaluated from its JSON.
    static func regions(_ old: String, _ new: String) -> [String] {
        let (a, b) = (graph(old), graph(new))
        let report = SemanticDiff.compare(old: a, new: b)
        var found: [String] = []
        for decision in report.decisions {
            for region in decision.regions {
                found.append("\(decision.new): \(region.description): \(region.old.text) → \(region.new.text)")
                let json = DiagnosticRenderer.witnessJSON(region.witness).render(pretty: false)
                let before = answer(a, decision.old, json), after = answer(b, decision.new, json)
                #expect(before != after, "witness \(json) answers alike: \(before.text)")
                #expect(before == region.old && after == region.new, "witness \(json): \(before.text) → \(after.text)")
            }
        }
        return found
    }

    static func answer(_ graph: DecisionGraph, _ id: String, _ json: String) -> DiffAnswer {
        var evaluator = Evaluator(graph: graph)
        let problems = CaseReader.load(try! JSONReader.parse(json).get(), into: &evaluator)
        // `eval` refuses a case that breaks a constraint; any other problem is the witness's fault.
        #expect(problems.allSatisfy { $0.code == "inconsistent-case" }, "\(problems)")
        guard problems.isEmpty, evaluator.validate().isEmpty else { return .inconsistent }
        return DiffAnswer(evaluator.decide(graph.decisionIndex(id)!))
    }

    @Test func identicalAndReformattedRuleSetsChangeNothing() {
        #expect(!Self.diff(Self.base, Self.base).hasAnswerChanges)
        let reformatted = Self.base.replacingOccurrences(of: "  when", with: "        when").replacingOccurrences(of: " => ", with: "   =>   ")
            + "\n# a comment\n"
        let report = Self.diff(Self.base, reformatted)
        #expect(!report.hasAnswerChanges && report.decisions.isEmpty && report.declarations.isEmpty)
    }

    @Test func aMovedThreshold() {
        let moved = Self.base.replacingOccurrences(of: "tumor_size < 10 mm", with: "tumor_size < 15 mm")
            .replacingOccurrences(of: "tumor_size >= 10 mm", with: "tumor_size >= 15 mm")
        let found = Self.regions(Self.base, moved)
        #expect(found.count == 1 && found[0].contains("tumor_size in [10 mm, 15 mm)") && found[0].contains("`surgery` (should) §4.1.3 → `endoscopy` (may) §4.1.3"), "\(found)")
    }

    @Test func aFlippedBound() {
        let flipped = Self.base.replacingOccurrences(of: "tumor_size < 10 mm", with: "tumor_size <= 10 mm")
            .replacingOccurrences(of: "tumor_size >= 10 mm", with: "tumor_size > 10 mm")
        let found = Self.regions(Self.base, flipped)
        #expect(found.count == 1 && found[0].contains("tumor_size = 10 mm") && found[0].hasSuffix("`surgery` (should) §4.1.3 → `endoscopy` (may) §4.1.3"), "\(found)")
    }

    @Test func swappedBranchesUnderFirst() {
        let swapped = Self.base.replacingOccurrences(of: "  when grade == G3 => must surgery\n  when tumor_size < 10 mm => may endoscopy",
                                                     with: "  when tumor_size < 10 mm => may endoscopy\n  when grade == G3 => must surgery")
        let found = Self.regions(Self.base, swapped)
        #expect(found == ["rectal: ki67 > 20 %, tumor_size < 10 mm: `surgery` (must) §4.1.3 → `endoscopy` (may) §4.1.3"], "\(found)")
    }

    @Test func aChangedStrength() {
        let stronger = Self.base.replacingOccurrences(of: "may endoscopy", with: "suggest endoscopy")
        let found = Self.regions(Self.base, stronger)
        #expect(found == ["rectal: ki67 <= 20 %, tumor_size < 10 mm: `endoscopy` (may) §4.1.3 → `endoscopy` (suggest) §4.1.3"], "\(found)")
    }

    @Test func aNewConstraint() {
        let constrained = Self.base + "\nconstraint nodes_mean_advanced \"nodes mean advanced disease\" cite \"§3.6\" { nodes implies stage == advanced }\n"
        let report = Self.diff(Self.base, constrained)
        #expect(report.constraints.map(\.id) == ["nodes_mean_advanced"])
        let found = Self.regions(Self.base, constrained)
        // Every refused patient is in a region: by grade for the grading, and G3, small or large
        // below G3 for the rectal decision.
        #expect(found == [
            "grading: ki67 < 3 %, nodes, stage early: `G1` §3.1.1 → refused (breaks a constraint)",
            "grading: ki67 in [3 %, 20 %], nodes, stage early: `G2` §3.1.1 → refused (breaks a constraint)",
            "grading: ki67 > 20 %, nodes, stage early: `G3` §3.1.1 → refused (breaks a constraint)",
            "rectal: ki67 <= 20 %, tumor_size < 10 mm, nodes, stage early: `endoscopy` (may) §4.1.3 → refused (breaks a constraint)",
            "rectal: ki67 <= 20 %, tumor_size >= 10 mm, nodes, stage early: `surgery` (should) §4.1.3 → refused (breaks a constraint)",
            "rectal: ki67 > 20 %, nodes, stage early: `surgery` (must) §4.1.3 → refused (breaks a constraint)",
        ], "\(found.joined(separator: "\n"))")
    }

    /// A changed grading table shows in the decision that reads the grade.
    @Test func aChangedDerivation() {
        let regraded = Self.base.replacingOccurrences(of: "when ki67 <= 20 % => G2", with: "when ki67 <= 25 % => G2")
        let report = Self.diff(Self.base, regraded)
        let rectal = report.decisions.first { $0.new == "rectal" }
        #expect(rectal?.throughInputs == true)
        let found = Self.regions(Self.base, regraded).filter { $0.hasPrefix("rectal:") }
        #expect(found == ["rectal: ki67 in (20 %, 25 %], tumor_size < 10 mm: `surgery` (must) §4.1.3 → `endoscopy` (may) §4.1.3",
                          "rectal: ki67 in (20 %, 25 %], tumor_size >= 10 mm: `surgery` (must) §4.1.3 → `surgery` (should) §4.1.3"], "\(found)")
    }

    @Test func aUnitChangeWithTheSameMeaningChangesNoAnswer() {
        let inCentimetres = Self.base.replacingOccurrences(of: "fact tumor_size: length in mm range > 0 mm", with: "fact tumor_size: length in cm range > 0 cm")
            .replacingOccurrences(of: "10 mm", with: "1 cm")
        let report = Self.diff(Self.base, inCentimetres)
        #expect(report.declarations.map(\.kind) == ["unit changed"])
        #expect(!report.hasAnswerChanges)
    }

    /// A renamed member and a new title are reported; the same meaning changes no answer.
    @Test func aRenamedMemberAndANewTitle() {
        let renamed = Self.base.replacingOccurrences(of: "{ G1, G2, G3 }", with: "{ grade1, G2, G3 }")
            .replacingOccurrences(of: "=> G1", with: "=> grade1").replacingOccurrences(of: "decision rectal \"rectal\"", with: "decision rectal \"rectal NET\"")
        let report = Self.diff(Self.base, renamed)
        #expect(report.declarations.map { "\($0.kind) \($0.name) \($0.detail)" } == ["member renamed grade `G1` → `grade1`"])
        #expect(report.retitled.map(\.new) == ["rectal NET"])
        #expect(!report.hasAnswerChanges, "\(Self.regions(Self.base, renamed))")
    }

    @Test func aCohortReportsTheCasesThatChange() {
        let moved = Self.base.replacingOccurrences(of: "tumor_size < 10 mm", with: "tumor_size < 15 mm")
            .replacingOccurrences(of: "tumor_size >= 10 mm", with: "tumor_size >= 15 mm")
        var cohort = CohortDiff(old: Self.graph(Self.base), new: Self.graph(moved), format: .jsonl)
        let lines = [#"{"case_id":"a","tumor_size":"12 mm","ki67":"2%"}"#, #"{"case_id":"b","tumor_size":"8 mm","ki67":"2%"}"#,
                     #"{"case_id":"c","tumor_size":"wide"}"#, #"{"tumor_size":"14 mm","ki67":"30%"}"#]
        var changed: [String] = []
        for (index, line) in lines.enumerated() {
            if case .success(let changes) = cohort.add(Array(line.utf8)[...], number: index + 1) {
                changed += changes.map { "\($0.caseID ?? "line \($0.line)") \($0.decision)" }
            }
        }
        #expect(changed == [#""a" rectal"#])
        #expect(cohort.cases == 4 && cohort.errors == 1 && cohort.changedCases == 1)
        #expect(cohort.byDecision.map(\.decision) == ["rectal"])
    }

    /// The guideline's ablation criteria against the review's, outcomes only (their sections
    /// differ by design): a single lesion of 30–50 mm, and four lesions (or none recorded as
    /// counted) up to 30 mm, are where they disagree.
    @Test func theGuidelinesAblationCriteriaAgainstTheReviews() throws {
        let graph = try #require(Frontend.load(path: Fixtures.guidelines).graph)
        let report = SemanticDiff.compare(old: graph, new: graph, pairs: [("liver_mets.ablation", "liver_mets.ablation.seed002")], compareCitations: false)
        let regions = report.decisions.flatMap(\.regions).map { "\($0.description): \($0.old.text) → \($0.new.text)" }
        #expect(regions == [
            "liver_metastasis, liver_met_count = 0 or liver_met_count = 4, liver_met_max_diameter <= 30 mm: `eligible` → `not_eligible`",
            "liver_metastasis, liver_met_count = 1, liver_met_max_diameter in (30 mm, 50 mm]: `not_eligible` → `eligible`",
        ], "\(regions)")
        for (region, witnessed) in zip(report.decisions[0].regions, report.decisions[0].witnessAnswers) {
            #expect(witnessed.old == region.old && witnessed.new == region.new)
        }
    }

    /// Exit codes: 0 no change, 1 answers change, 2 an error; a witness pasted into `eval`.
    @Test func theCommandLine() throws {
        let directory = try Scratch.directory("diff")
        let old = directory.appendingPathComponent("old.nenrule"), new = directory.appendingPathComponent("new.nenrule")
        try Self.base.write(to: old, atomically: true, encoding: .utf8)
        try Self.base.replacingOccurrences(of: "may endoscopy", with: "suggest endoscopy").write(to: new, atomically: true, encoding: .utf8)
        #expect(try CLIProcess.run(["diff", old.path, old.path]).status == 0)
        let changed = try CLIProcess.run(["diff", old.path, new.path, "--format", "json"])
        #expect(changed.status == 1)
        let json = try JSONReader.parse(changed.stdout).get()
        #expect(json["format"]?.string == "nenrule-diff" && json["version"]?.int == DiffRenderer.version)
        let witness = try #require(json["decisions"]?.array?.first?["regions"]?.array?.first?["witness"])
        let facts = directory.appendingPathComponent("witness.json")
        try witness.node.render(pretty: false).write(to: facts, atomically: true, encoding: .utf8)
        let before = try CLIProcess.run(["eval", old.path, "--facts", facts.path, "--decision", "rectal"])
        let after = try CLIProcess.run(["eval", new.path, "--facts", facts.path, "--decision", "rectal"])
        #expect(String(decoding: before.stdout, as: UTF8.self).contains("may") && String(decoding: after.stdout, as: UTF8.self).contains("suggest"))
        #expect(try CLIProcess.run(["diff", old.path, new.path, "--decision", "rectl"]).status == 2)
        let cohort = directory.appendingPathComponent("cohort.jsonl")
        try "{\"case_id\":1,\"tumor_size\":\"8 mm\",\"ki67\":\"1%\"}\n{\"case_id\":2,\"tumor_size\":\"18 mm\"}\n".write(to: cohort, atomically: true, encoding: .utf8)
        let cases = try CLIProcess.run(["diff", old.path, new.path, "--cases", cohort.path])
        #expect(cases.status == 1 && String(decoding: cases.stdout, as: UTF8.self).contains("case 1: `rectal`: `endoscopy` (may) §4.1.3 → `endoscopy` (suggest) §4.1.3"))
    }
}

import Foundation
import Testing
@testable import NenRule

/// The bundled guideline checks cleanly and passes every in-language test.
@Suite("bundled guideline")
struct GuidelineTests {
    static let compilation = Frontend.load(path: Fixtures.guidelines)

    @Test func checksWithoutErrors() {
        let errors = Self.compilation.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(DiagnosticRenderer.textAll(errors, sources: Self.compilation.sources))")
    }

    /// The compiled graph, or an issue (without dumping the whole compilation) when it failed.
    static func graph() -> DecisionGraph? {
        if compilation.graph == nil { Issue.record("the bundled guideline did not compile") }
        return compilation.graph
    }

    @Test func everyInLanguageTestPasses() throws {
        guard let model = Self.compilation.model, let graph = Self.graph() else { return }
        let outcomes = TestRunner.run(model, graph)
        #expect(!outcomes.isEmpty)
        for failure in outcomes where !failure.passed {
            Issue.record("\(failure.name): \(failure.failures.map(\.message).joined(separator: "; "))")
        }
    }

    /// The examples are realistic patients: each record has a test, and no test marks more
    /// than two decisions irrelevant to its patient (the runner already fails a test that leaves
    /// a decision undetermined without expecting it or marking it).
    @Test func everyExampleIsAPatientWithLittleNoise() throws {
        guard let model = Self.compilation.model, let graph = Self.graph() else { return }
        let directory = Fixtures.guidelines + "/examples"
        let records = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }
        let tested = Set(model.tests.compactMap(\.record).map { ($0 as NSString).lastPathComponent })
        #expect(records.count >= 60, "\(records.count) example records")
        for record in records.sorted() where !tested.contains(record) {
            Issue.record("examples/\(record) has no test over it (`given \"\(record)\"`)")
        }
        for outcome in TestRunner.run(model, graph) where outcome.isOverRecord && outcome.irrelevant.count > 2 {
            Issue.record("\(outcome.name): \(outcome.irrelevant.count) decisions marked irrelevant (at most 2): \(outcome.irrelevant.joined(separator: ", "))")
        }
    }

    /// A trace line names the file and shows the whole condition it weighed, all its lines.
    @Test func traceLinesShowFileAndWholeCondition() throws {
        guard let graph = Self.graph() else { return }
        let result = Fixtures.decide(graph, "rectal_net.management", #"{"primary_site":"rectum","tumor_size":"15 mm","grade":"G2","invasion_depth":"submucosa"}"#, trace: true)
        let text = EvaluationRenderer(graph: graph, sources: Self.compilation.sources).text(result)
        #expect(text.contains("(rectum.nenrule:11: when tumor_size in 10 mm ... 20 mm and (regional_ln_metastasis or grade in { G2, G3 }) => suggest radical_resection)"), "\(text)")
    }

    @Test func theReadmeCaseIsDecided() throws {
        guard let graph = Self.graph() else { return }
        let json = #"{"primary_site":"rectum","tumor_size":"8 mm","grade":"G1","invasion_depth":"submucosa","regional_ln_metastasis":false,"distant_metastasis":false}"#
        let decided = Fixtures.decide(graph, "rectal_net.management", json)
        #expect(decided.status == .decided && decided.outcomes == ["endoscopic_resection"])
        #expect(decided.recommendations.first?.cites == ["§4.1.3"])
        let noDepth = Fixtures.decide(graph, "rectal_net.management", json.replacingOccurrences(of: #","invasion_depth":"submucosa""#, with: ""))
        #expect(noDepth.status == .undetermined && noDepth.needs.contains("invasion_depth"))
        let large = Fixtures.decide(graph, "rectal_net.management",
                                    #"{"primary_site":"rectum","tumor_size":"2.5 cm","grade":"G1","regional_ln_metastasis":false,"distant_metastasis":false}"#)
        #expect(large.status == .decided && large.outcomes == ["radical_resection"])
    }

    /// Guidelines/README.md is the generated catalogue; NENRULE_UPDATE_GOLDEN=1 rewrites it.
    @Test func theCatalogueIsCurrent() throws {
        let generated = CatalogRenderer.markdown(Self.compilation, root: Fixtures.guidelines + "/")
        let path = Fixtures.guidelines + "/README.md"
        if Golden.updating {
            try generated.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(committed == generated, "Guidelines/README.md is stale; run `nenrule catalog Guidelines > Guidelines/README.md`:\n\(Golden.diff(committed, generated))")
    }

    /// Every editorial resolution the contract marks ⚖ is recorded in a note of the rule set.
    @Test(arguments: ["AMB-06", "AMB-16", "AMB-17", "AMB-18", "AMB-19/20", "AMB-22", "AMB-23", "AMB-31", "AMB-32"])
    func contractResolutionIsRecorded(id: String) throws {
        guard let model = Self.compilation.model else {
            Issue.record("no model")
            return
        }
        let notes = model.decisions.flatMap { $0.notes + $0.branches.flatMap(\.notes) + ($0.otherwise?.notes ?? []) }
        #expect(notes.contains { $0.contains(id) }, "no note records \(id)")
    }
}

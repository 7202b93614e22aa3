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
            Issue.record("\(failure.name): \(failure.failures.joined(separator: "; "))")
        }
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
}

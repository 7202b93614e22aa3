import Foundation
import Testing
@testable import NenRule

/// Several roots make one rule set: a local module uses the bundled guideline's names without
/// copying them, ids stay unique, and the vocabulary lists what exists.
@Suite("composition")
struct CompositionTests {
    static func module(_ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nenrule-module-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try text.write(to: directory.appendingPathComponent("rt.nenrule"), atomically: true, encoding: .utf8)
        return directory.path
    }

    static let radiotherapy = """
        guideline rt "Local radiotherapy module"
        outcome adjuvant_rt "Adjuvant radiotherapy"
        decision rt.ac_postop "Lung NET after resection: radiotherapy" cite "§4.5.4"
          applies when primary_site == lung and known(margin_status)
        {
          when margin_status != R0 => recommend adjuvant_rt
          otherwise                => refer mdt_review
        }
        test "R1 lung NET" {
          given primary_site = lung, margin_status = R1
          expect rt.ac_postop => adjuvant_rt
        }
        """

    @Test func aModuleUsesTheBundledGuidelineWithoutCopying() throws {
        let compilation = Frontend.load(paths: [Fixtures.guidelines, try Self.module(Self.radiotherapy)])
        #expect(!compilation.hasErrors, "\(Fixtures.rendered(compilation))")
        #expect(compilation.model?.info.name == "caca_nen_2025")
        guard let model = compilation.model, let graph = compilation.graph else { return }
        let module = TestRunner.run(model, graph, filter: "R1 lung NET")
        #expect(module.count == 1 && module[0].passed)
    }

    @Test func aModuleAloneDoesNotKnowTheGuidelinesNames() throws {
        let compilation = Frontend.load(paths: [try Self.module(Self.radiotherapy)])
        #expect(Fixtures.codes(compilation).contains("unknown-fact"))
    }

    @Test func idsStayUniqueAcrossRoots() throws {
        let clash = try Self.module("outcome mdt_review \"again\"\n")
        let compilation = Frontend.load(paths: [Fixtures.guidelines, clash])
        #expect(Fixtures.codes(compilation).contains { $0.hasPrefix("duplicate") }, "\(Fixtures.codes(compilation))")
    }

    @Test func theVocabularyListsFactsOutcomesAndDecisions() throws {
        guard let model = GuidelineTests.compilation.model else { return }
        let text = VocabularyRenderer.text(model)
        #expect(text.contains("  margin_status: { R0, R1, R2 }"), "\(text.prefix(400))")
        #expect(text.contains("  tumor_size: length in mm, range > 0 mm"))
        #expect(text.contains("  rectal_net.management — Rectal NET: endoscopic or surgical treatment [§4.1.3, §4.2.2.6]"))
        let json = VocabularyRenderer.json(model).render(pretty: false)
        #expect(json.contains(#""name":"serum_calcium""#) && json.contains(#""units":["umol/L","mmol/L","mg/dL"]"#))
    }

    @Test func aModulesCatalogueSpeaksOfTheModule() throws {
        let module = try Self.module(Self.radiotherapy)
        let compilation = Frontend.load(paths: [module, Fixtures.guidelines])
        let catalogue = CatalogRenderer.markdown(compilation, root: module + "/")
        #expect(catalogue.hasPrefix("# Local radiotherapy module\n"))
        #expect(!catalogue.contains("nenrule catalog Guidelines") && !catalogue.contains("shared/seeds"))
    }
}

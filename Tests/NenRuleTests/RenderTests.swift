import Foundation
import Testing
@testable import NenRule

/// `explain` and `graph`: golden files for a small rule set, the Milan-NET criteria in words,
/// and the graph JSON against its documented shape.
@Suite("explain and graph renderers")
struct RenderTests {
    static let rules = """
        guideline mini "Mini" version "1"
        fact tumor_size: length in mm range > 0 mm "greatest diameter"
        fact ki67: percent range 0 % ... 100 %
        fact invasion_depth: ordered { mucosa, submucosa, muscularis_propria }
        fact regional_ln_metastasis: bool
        fact primary_resected: bool
        fact site: { rectum, colon }
        fact grade: { G1, G2, G3 } "WHO grade" derived by grading
        outcome endoscopic_resection "Endoscopic resection"
        outcome radical_resection "Radical resection"
        outcome mdt_review "Refer to \\"MDT\\" <board> #1"
        constraint deep.large "Test data: a tumour in the muscularis propria is 10 mm or more" cite "test" {
          invasion_depth == muscularis_propria implies tumor_size >= 10 mm
        }

        table grading "Grade" cite "Table 3" policy highest {
          inputs ki67
          | < 3 %        | => G1
          | 3 % ... 20 % | => G2
          | > 20 %       | => G3
        }

        decision care "Care" applies when site == rectum cite "§4.1.3", "§4.2.2.6" {
          when tumor_size > 20 mm => suggest radical_resection cite "§4.2.2.6"
          when tumor_size in 10 mm ... 20 mm and (regional_ln_metastasis or grade in { G2, G3 })
               => suggest radical_resection cite "§4.2.2.6" note "AMB-23: surgery over endoscopy for 1–2 cm G2"
          when tumor_size <= 20 mm and invasion_depth <= submucosa and grade in { G1, G2 }
               and not regional_ln_metastasis and ki67 < 10 % => may endoscopic_resection cite "§4.1.3"
               note "checked by the MDT audit"
          otherwise => refer mdt_review
        }

        criteria fit "Fitness" cite "§4.2.5" {
          require grade in { G1, G2 } "low grade"
          require primary_resected    "primary resected"
          relative tumor_size < 50 mm "smaller than 5 cm"
        }
        """

    /// The compiled rules; a mistake in them stops the suite with the diagnostics.
    static let compilation: Compilation = {
        let compilation = Fixtures.compile(rules, path: "mini.nenrule")
        precondition(!compilation.hasErrors, Fixtures.rendered(compilation))
        return compilation
    }()
    static var model: CheckedModel { compilation.model! }
    static var graph: DecisionGraph { compilation.graph! }

    @Test func explainGoldens() {
        let renderer = ExplainRenderer(model: Self.model)
        let care = Self.model.decisionIndex("care")!
        Golden.check(renderer.text(care), "render/explain-care.txt")
        Golden.check(renderer.markdown(care), "render/explain-care.md")
        Golden.check(renderer.text(Self.model.decisionIndex("grading")!), "render/explain-grading.txt")
    }

    @Test func graphGoldens() {
        let whole = GraphScope(Self.graph)
        Golden.check(GraphRenderer.dot(Self.graph, scope: whole), "render/graph.dot")
        Golden.check(GraphRenderer.mermaid(Self.graph, scope: whole), "render/graph.mmd")
        Golden.check(GraphRenderer.json(Self.graph, scope: whole).render(pretty: true) + "\n", "render/graph.json")
    }

    @Test func explainReadsConditionsInPlainWordsWithUnits() {
        let text = Self.unwrapped(ExplainRenderer(model: Self.model).text(Self.model.decisionIndex("care")!))
        for phrase in [
            "Applies when site rectum.", "the first rule that holds decides", "tumour size over 20 mm",
            "tumour size from 10 mm to 20 mm inclusive and (regional lymph-node metastasis present or grade G2 or G3)",
            "invasion depth at most submucosa", "grade G1 or G2", "regional lymph-node metastasis absent", "Ki-67 below 10 %",
            "→ suggest: Radical resection (radical_resection)", "cites §4.2.2.6",
            "editorial resolution: AMB-23: surgery over endoscopy", "note: checked by the MDT audit",
            "Otherwise (no rule above holds)", "tumour size (tumor_size): length in mm, range > 0 mm — greatest diameter",
            "grade: one of G1, G2, G3 — WHO grade; derived by grading (Grade) when the case does not give it",
        ] {
            #expect(text.contains(phrase), "missing “\(phrase)” in:\n\(text)")
        }
    }

    @Test func explainSaysWhatADerivingDecisionFeeds() {
        let text = Self.unwrapped(ExplainRenderer(model: Self.model).text(Self.model.decisionIndex("grading")!))
        #expect(text.contains("Derives grade: its result is the value of grade when the case does not give one"))
        #expect(text.contains("Read by care, fit."))
        #expect(text.contains("of the rules that hold, the one with the highest output in declared order decides"))
    }

    /// Milan-NET from the bundled guideline when it is there, and an inline equivalent always.
    @Test(arguments: ["inline", "bundled"]) func explainListsMilanCriteriaAndMarksTheRelativeOne(_ source: String) throws {
        let model: CheckedModel
        if source == "bundled" {
            let bundled = Frontend.load(path: Fixtures.guidelines)
            guard let loaded = bundled.model, loaded.decisionIndex("liver_mets.transplant.milan_net") != nil else { return }
            model = loaded
        } else {
            model = try #require(Fixtures.compile(Self.milanNET).model)
        }
        let index = try #require(model.decisionIndex("liver_mets.transplant.milan_net"))
        let text = Self.unwrapped(ExplainRenderer(model: model).text(index))
        let criteria = model.decisions[index].branches
        #expect(criteria.count >= 6)
        for criterion in criteria {
            let words = ConditionWording(facts: model.facts).words(criterion.condition)
            #expect(text.contains((criterion.relative ? "relative criterion: " : "required: ") + words), "missing \(words)")
            if let label = criterion.label { #expect(text.contains(label)) }
        }
        #expect(text.contains("relative criterion: age below 60 years"))
        #expect(text.contains("§4.2.5"))
        for result in ["met: every criterion holds", "met_except_relative: every required criterion holds, but a relative criterion does not",
                       "not_met: a required criterion does not hold"] {
            #expect(text.contains(result))
        }
    }

    /// The text with line wrapping undone, so phrases can be found whole.
    static func unwrapped(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static let milanNET = """
        fact grade: { G1, G2, G3, NEC }
        fact primary_portal_drainage: bool
        fact primary_resected: bool
        fact extrahepatic_disease: bool
        fact liver_tumor_burden: percent range 0 % ... 100 %
        fact stable_or_responding_duration: duration in months range >= 0 months
        fact age: duration in years range >= 0 years
        criteria liver_mets.transplant.milan_net "Milan-NET criteria" cite "§4.2.5" {
          require grade in { G1, G2 }                       "low grade"
          require primary_portal_drainage                   "portal drainage"
          require primary_resected                          "primary resected"
          require not extrahepatic_disease                  "no extrahepatic disease"
          require liver_tumor_burden < 50 %                 "burden under 50 %"
          require stable_or_responding_duration >= 6 months "stable for 6 months"
          relative age < 60 years                           "age under 60 years"
        }
        """
}

@Suite("graph renderers")
struct GraphRenderTests {
    static var graph: DecisionGraph { RenderTests.graph }

    @Test func theJSONHasTheDocumentedShapeAndItsReferencesResolve() throws {
        let text = GraphRenderer.json(Self.graph, scope: GraphScope(Self.graph)).render(pretty: true)
        guard case .object(let top) = try JSONReader.parse(text).get() else { Issue.record("not an object"); return }
        #expect(top.map(\.key) == ["format", "version", "ruleset", "focus", "facts", "outcomes", "nodes", "decisions", "constraints"])
        #expect(top.first { $0.key == "format" }?.value == .string("nenrule-graph"))
        #expect(top.first { $0.key == "version" }?.value == .number("1"))
        let facts = Set(try names(top, "facts", key: "name"))
        let nodes = Set(try names(top, "nodes", key: "id"))
        #expect(facts.count == Self.graph.facts.count)
        for node in try members(top, "nodes") {
            if case .string(let fact)? = field(node, "fact") { #expect(facts.contains(fact)) }
            if case .array(let operands)? = field(node, "operands") {
                for case .number(let id) in operands { #expect(nodes.contains(id)) }
            }
        }
        for decision in try members(top, "decisions") {
            guard case .array(let branches)? = field(decision, "branches") else { Issue.record("no branches"); continue }
            for branch in branches { if case .number(let id)? = field(branch, "node") { #expect(nodes.contains(id)) } }
        }
        let constraints = try members(top, "constraints")
        #expect(constraints.count == 1)
        for constraint in constraints {
            if case .number(let id)? = field(constraint, "condition") { #expect(nodes.contains(id)) } else { Issue.record("no condition") }
            guard case .array(let related)? = field(constraint, "facts") else { Issue.record("no facts"); continue }
            for case .string(let fact) in related { #expect(facts.contains(fact)) }
        }
    }

    @Test func aFocusKeepsTheDecisionAndWhatDerivesItsFacts() {
        let scope = GraphScope(Self.graph, focus: Self.graph.decisionIndex("care"))
        #expect(scope.decisions.map { Self.graph.decisions[$0].id } == ["grading", "care"])
        #expect(!scope.facts.contains(Self.graph.facts.firstIndex { $0.name == "primary_resected" }!))
        let mermaid = GraphRenderer.mermaid(Self.graph, scope: scope)
        #expect(!mermaid.contains("fit") && mermaid.contains("V0_1 ==>|\"derives\"| F_grade"))
    }

    @Test func mermaidLabelsEscapeWhatMermaidReadsAsSyntax() {
        #expect(GraphRenderer.mermaidEscape(#"a "b" #1 <c> & `d`"#) == "a #quot;b#quot; #35;1 #lt;c#gt; #amp; #96;d#96;")
        let mermaid = GraphRenderer.mermaid(Self.graph, scope: GraphScope(Self.graph))
        #expect(mermaid.contains(##"O_mdt_review{{"mdt_review<br/>Refer to #quot;MDT#quot; #lt;board#gt; #35;1"}}"##))
        #expect(mermaid.hasPrefix("flowchart LR\n"))
    }

    @Test func dotQuotesLabels() {
        #expect(GraphRenderer.dotQuote("a \"b\"\nc\\") == #""a \"b\"\nc\\""#)
    }

    /// Where Graphviz is installed, the DOT output must lay out without complaint.
    @Test func graphvizAcceptsTheDOT() throws {
        let dotPath = ["/usr/bin/dot", "/usr/local/bin/dot", "/opt/homebrew/bin/dot"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let dotPath else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dotPath)
        process.arguments = ["-Tsvg", "-o", "/dev/null"]
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(GraphRenderer.dot(Self.graph, scope: GraphScope(Self.graph)).utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        let complaints = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0 && complaints.isEmpty, "\(complaints)")
    }

    func members(_ top: [(key: String, value: JSONValue)], _ name: String) throws -> [JSONValue] {
        guard case .array(let items)? = top.first(where: { $0.key == name })?.value else { throw RenderTestError.missing(name) }
        return items
    }

    func names(_ top: [(key: String, value: JSONValue)], _ name: String, key: String) throws -> [String] {
        try members(top, name).compactMap { item in
            switch field(item, key) {
            case .string(let text)?, .number(let text)?: text
            default: nil
            }
        }
    }

    func field(_ value: JSONValue, _ key: String) -> JSONValue? {
        guard case .object(let fields) = value else { return nil }
        return fields.first { $0.key == key }?.value
    }

    enum RenderTestError: Error { case missing(String) }
}

import Testing
@testable import NenRule

@Suite("checker diagnostics")
struct CheckerTests {
    static let prelude = """
        guideline t "t"
        fact tumor_size: length in mm range > 0 mm
        fact ki67: percent range 0 % ... 100 %
        fact depth: ordered { mucosa, submucosa }
        fact site: { rectum, colon }
        outcome endoscopic_resection "e"

        """

    static func diagnostics(_ body: String) -> [Diagnostic] {
        Fixtures.compile(prelude + body).diagnostics
    }

    @Test func didYouMeanForFacts() throws {
        let found = Self.diagnostics("decision d { when tumour_size > 20 mm => endoscopic_resection }")
        let diagnostic = try #require(found.first)
        #expect(diagnostic.code == "unknown-fact")
        #expect(diagnostic.message == "unknown fact `tumour_size`")
        #expect(diagnostic.help == "did you mean `tumor_size`?")
    }

    @Test func didYouMeanForOutcomes() throws {
        let diagnostic = try #require(Self.diagnostics("decision d { when ki67 > 20 % => endoscopic_resecton }").first)
        #expect(diagnostic.code == "unknown-outcome")
        #expect(diagnostic.help == "did you mean `endoscopic_resection`?")
    }

    @Test func dimensionsAreChecked() {
        #expect(Self.diagnostics("decision d { when ki67 > 20 mm => endoscopic_resection }").map(\.code) == ["dimension"])
        #expect(Self.diagnostics("decision d { when tumor_size > 2 cm => endoscopic_resection }").isEmpty)
    }

    /// Laboratory, pressure and dose values carry their unit: a bare number is refused, a unit
    /// of another dimension too, and units of one dimension convert exactly.
    @Test func laboratoryPressureAndDoseUnits() throws {
        let prelude = """
            fact calcium: molar_concentration in mmol/L
            fact sbp: pressure
            fact dose: absorbed_dose in Gy

            """
        let codes = { (body: String) in Self.diagnostics(prelude + body).map(\.code) }
        #expect(codes("decision d { when calcium > 3.5 mmol/L and sbp < 130 mmHg and dose >= 4500 cGy => endoscopic_resection }").isEmpty)
        #expect(codes("decision d { when calcium > 3.5 => endoscopic_resection }") == ["missing-unit"])
        #expect(codes("decision d { when sbp < 130 mmol/L => endoscopic_resection }") == ["dimension"])
        let graph = Fixtures.graph(Self.prelude + prelude + "decision d { when calcium > 3.5 mmol/L => endoscopic_resection }")
        #expect(Fixtures.decide(graph, "d", #"{"calcium": "3501 umol/L"}"#).status == .decided)
        #expect(Fixtures.decide(graph, "d", #"{"calcium": "3.5 mmol/L"}"#).outcomes.isEmpty)
        var evaluator = Evaluator(graph: graph)
        let refused = CaseReader.load(try JSONReader.parse(#"{"calcium": 10}"#).get(), into: &evaluator)
        #expect(refused.map(\.code) == ["missing-unit"] && refused.first?.help == "write `10 mmol/L`, if that is the unit it was measured in")
        let massUnit = CaseReader.load(try JSONReader.parse(#"{"calcium": "10 mg/dL"}"#).get(), into: &evaluator)
        #expect(massUnit.map(\.code) == ["unknown-unit"])
    }

    /// `also 14 mg/dL = 3.5 mmol/L`: another system's unit at the text's own equivalence, exact.
    @Test func aFactAcceptsAnotherSystemsUnitAtItsStatedEquivalence() throws {
        let fact = "fact calcium: molar_concentration in mmol/L also 14 mg/dL = 3.5 mmol/L\n"
        let graph = Fixtures.graph(Self.prelude + fact + "decision d { when calcium > 3.5 mmol/L => may endoscopic_resection }")
        #expect(Fixtures.decide(graph, "d", #"{"calcium": "14 mg/dL"}"#).outcomes.isEmpty)
        #expect(Fixtures.decide(graph, "d", #"{"calcium": "14.1 mg/dL"}"#).outcomes == ["endoscopic_resection"])
        let inexact = Self.diagnostics("fact c: molar_concentration in mmol/L also 3 mg/dL = 1 umol/L\n")
        #expect(inexact.map(\.code) == ["equivalence"])
        let notOther = Self.diagnostics("fact c: molar_concentration in mmol/L also 1 mm = 1 mmol/L\n")
        #expect(notOther.map(\.code) == ["equivalence"])
    }

    @Test func literalsOutsideTheDeclaredRangeAreReported() {
        let found = Self.diagnostics("decision d { when ki67 > 120 % => endoscopic_resection }")
        #expect(found.map(\.code) == ["range"])
        #expect(found.first?.severity == .warning)
    }

    @Test func orderedEnumsCompareAndUnorderedOnesDoNot() {
        #expect(Self.diagnostics("decision d { when depth <= submucosa => endoscopic_resection }").isEmpty)
        #expect(Self.diagnostics("decision d { when site <= colon => endoscopic_resection }").map(\.code) == ["unordered"])
    }

    @Test func duplicateIdsAcrossTheRuleSet() {
        let found = Self.diagnostics("outcome endoscopic_resection \"again\"\ndecision d { otherwise => endoscopic_resection }\ndecision d { otherwise => endoscopic_resection }")
        #expect(found.map(\.code) == ["duplicate", "duplicate"])
    }

    @Test func cyclesAmongDerivedFactsAreErrors() throws {
        let compilation = Fixtures.compile("""
            guideline t "t"
            fact a: { x, y } derived by da
            fact b: { x, y } derived by db
            decision da { when b == x => x  otherwise => y }
            decision db { when a == x => x  otherwise => y }
            """)
        let cycle = try #require(compilation.diagnostics.first { $0.code == "cycle" })
        #expect(cycle.notes.first?.contains("`da` -> `db` -> `da`") == true || cycle.notes.first?.contains("`db` -> `da` -> `db`") == true)
        #expect(compilation.graph == nil)
    }

    @Test func cyclesAmongDefinesAreErrors() {
        let found = Self.diagnostics("define p = q\ndefine q = p\ndecision d { when p => endoscopic_resection }")
        #expect(found.contains { $0.code == "cycle" })
    }

    @Test func testsAreChecked() {
        let found = Self.diagnostics("""
            decision d { when depth <= submucosa => endoscopic_resection }
            test "t" {
              given depht = mucosa, site = rectom
              expect d => endoscopic_resecton
              expect e not_applicable
            }
            """)
        #expect(found.map(\.code) == ["unknown-fact", "unknown-member", "unknown-outcome", "unknown-decision"])
    }
}

@Suite("parser")
struct ParserTests {
    @Test func recoversAndReportsThreeIndependentSyntaxErrors() {
        let compilation = Fixtures.compile("""
            guideline t "t"
            fact a: bool
            fact b bool
            outcome x "x"
            decision d {
              when a and => x
              when a => x
            }
            decision e { when => x }
            outcome y "y"
            """)
        let syntax = compilation.diagnostics.filter { $0.code == "syntax" }
        #expect(syntax.count == 3)
        let lines = syntax.map { DiagnosticRenderer.location($0.span, in: compilation.sources)!.line }
        #expect(lines == [3, 6, 9])
        // Items after the errors are still parsed.
        #expect(compilation.files[0].items.count == 6)
    }

    @Test func tenThousandNestedParenthesesAreADiagnostic() {
        let text = "guideline t \"t\"\nfact a: bool\noutcome x \"x\"\ndecision d { when " + String(repeating: "(", count: 10_000) + "a" + String(repeating: ")", count: 10_000) + " => x }"
        let compilation = Fixtures.compile(text)
        #expect(compilation.diagnostics.contains { $0.code == "too-deep" })
    }

    @Test func aLongSourceLineIsShownAsAWindowWithTheCaretUnderTheError() throws {
        let text = "fact a: bool\noutcome x \"x\"\ndecision d { when " + String(repeating: "a and ", count: 60) + "b => x }"
        let compilation = Fixtures.compile(text)
        let diagnostic = try #require(compilation.diagnostics.first { $0.code == "unknown-name" })
        let rendered = DiagnosticRenderer.text(diagnostic, sources: compilation.sources).split(separator: "\n")
        let source = try #require(rendered.first { $0.hasPrefix("3 | ") }), caret = try #require(rendered.first { $0.contains("^") })
        #expect(source.count <= DiagnosticRenderer.snippetWidth + 8 && source.hasPrefix("3 | …"))
        // The caret stands under `b`, the unknown name.
        let position = try #require(caret.firstIndex(of: "^")).utf16Offset(in: caret)
        #expect(Array(source)[position] == "b")
    }

    @Test func aFourHundredDigitNumberIsADiagnostic() {
        let compilation = Fixtures.compile("fact a: percent\noutcome x \"x\"\ndecision d { when a > " + String(repeating: "7", count: 400) + " % => x }")
        #expect(compilation.diagnostics.contains { $0.code == "number-too-long" })
    }

    @Test func invalidUTF8IsADiagnostic() {
        var bytes = Array("fact a: bool \"ok\"\nfact b: bool \"".utf8)
        bytes += [0xFF, 0xFE, 0x22, 0x0A]
        bytes += Array("fact \u{00E9}: bool\n".utf8) + [0xC3]
        let compilation = Frontend.compile([SourceFile(path: "bad.nenrule", bytes: bytes)])
        #expect(compilation.diagnostics.filter { $0.code == "invalid-utf8" }.count == 2)
        #expect(compilation.diagnostics.contains { $0.code == "unexpected-character" })
    }

    @Test func commentsAreKeptWithTheirPlaces() {
        let (ast, _) = Parser.parse(SourceFile(path: "c", text: "# lead\nfact a: bool # trailing\n"), file: 0)
        #expect(ast.comments.map(\.text) == [" lead", " trailing"])
        #expect(ast.comments.map(\.trailing) == [false, true])
    }

    /// Found by the random programs (issue 11): the constraint id after `expect inconsistent`
    /// was read only on the same line, so a line break or a comment there was a syntax error
    /// although white space has no meaning in the grammar.
    @Test(arguments: [" ", "\n", " # why\n", "\n# own line\n"])
    func theConstraintOfExpectInconsistentMayFollowOnTheNextLine(gap: String) throws {
        let text = "fact a: bool\nconstraint k.x note \"n\" { a or not a }\n"
            + "test \"t\" {\n  given a = true\n  expect inconsistent\(gap)k.x\n  expect inconsistent\n}\n"
        let compilation = Fixtures.compile(text)
        #expect(!compilation.hasErrors, "\(Fixtures.rendered(compilation))")
        let expectations = try #require(compilation.model?.tests.first?.expects)
        #expect(expectations.map(\.constraint) == [0, nil])
        let formatted = try #require(NenRule.Formatter.format(SourceFile(path: "t", text: text)).text)
        #expect(formatted.contains("expect inconsistent k.x") || gap.contains("#"), "\(formatted)")
    }
}

import Foundation
import Testing
@testable import NenRule

/// Each file in Fixtures/lint is a deliberately broken rule set whose expected findings are
/// written inside it as `# expect: CODE[, CODE] [witness fact=value]` on the line they concern.
/// Each fixture is compared on the codes it expects somewhere, plus every error.
@Suite("lint fixtures")
struct LintTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/lint")

    static var fixtures: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".nenrule") }.sorted()
    }

    struct Expectation: Hashable {
        var code: String
        var line: Int
    }

    static func expectations(_ text: String) -> (Set<Expectation>, [Expectation: String]) {
        var expected: Set<Expectation> = []
        var witnesses: [Expectation: String] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let range = line.range(of: "# expect: ") else { continue }
            var rest = String(line[range.upperBound...])
            var witness: String?
            if let w = rest.range(of: " witness ") {
                witness = String(rest[w.upperBound...])
                rest = String(rest[..<w.lowerBound])
            }
            for code in rest.split(separator: ",") {
                let expectation = Expectation(code: code.trimmingCharacters(in: .whitespaces), line: index + 1)
                expected.insert(expectation)
                if let witness { witnesses[expectation] = witness }
            }
        }
        return (expected, witnesses)
    }

    @Test(arguments: fixtures)
    func fixture(name: String) throws {
        let path = Self.directory.appendingPathComponent(name).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let (expected, witnesses) = Self.expectations(text)
        #expect(!expected.isEmpty || name.contains("strict"), "fixture \(name) states no expectation")
        let compilation = Frontend.load(path: path)
        // A fixture that opens with `# lint --strict` is linted as `--strict` is.
        var options = Linter.Options(strict: text.hasPrefix("# lint --strict"))
        options.workBound = 20_000
        let findings = Linter.lint(compilation, options: options)
        let compared = Set(expected.map(\.code))
        var actual: [Expectation: Diagnostic] = [:]
        for finding in findings where finding.severity == .error || compared.contains(finding.code) {
            let line = DiagnosticRenderer.location(finding.span, in: compilation.sources)?.line ?? 0
            actual[Expectation(code: finding.code, line: line)] = finding
        }
        #expect(Set(actual.keys) == expected, "\(name):\n\(DiagnosticRenderer.textAll(findings, sources: compilation.sources))")
        for (expectation, witness) in witnesses {
            let rendered = actual[expectation]?.witness.map { "\($0.fact)=\($0.value)" } ?? []
            #expect(rendered.contains(witness), "\(name): witness \(rendered) lacks \(witness)")
        }
    }

    @Test func strictReportsOverlapsUnderFirst() {
        let path = Self.directory.appendingPathComponent("overlap_strict.nenrule").path
        let findings = Linter.lint(Frontend.load(path: path), options: Linter.Options(strict: true))
        #expect(findings.filter { $0.code == "overlap" }.count == 1)
    }

    @Test func witnessesEvaluateAsTheyClaim() throws {
        let path = Self.directory.appendingPathComponent("open_boundary_rectal.nenrule").path
        let compilation = Frontend.load(path: path)
        let finding = try #require(Linter.lint(compilation).first { $0.code == "open-boundary" })
        let json = DiagnosticRenderer.witnessJSON(finding.witness).render(pretty: false)
        let result = Fixtures.decide(compilation.graph!, "rectal.literal", json)
        #expect(result.status == .undetermined && result.outcomes.isEmpty)
    }

    @Test func aBranchForImpossiblePatientsNamesTheConstraint() throws {
        let path = Self.directory.appendingPathComponent("constraints.nenrule").path
        let finding = try #require(Linter.lint(Frontend.load(path: path)).first { $0.code == "unreachable" })
        #expect(finding.message.contains("constraint `m` excludes every case where it holds"), "\(finding.message)")
    }

    /// No witness of the bundled guideline's lint is a patient its relationships exclude: each
    /// is a case that `eval` accepts.
    @Test func everyGuidelineWitnessSatisfiesTheConstraints() throws {
        let compilation = Frontend.load(path: Fixtures.guidelines)
        let graph = try #require(compilation.graph)
        #expect(!graph.constraints.isEmpty)
        let witnesses = Linter.lint(compilation).filter { !$0.witness.isEmpty }
        #expect(!witnesses.isEmpty)
        for finding in witnesses {
            let json = DiagnosticRenderer.witnessJSON(finding.witness).render(pretty: false)
            var evaluator = Evaluator(graph: graph)
            let diagnostics = CaseReader.load(try JSONReader.parse(json).get(), into: &evaluator)
            #expect(diagnostics.isEmpty, "witness \(json) of `\(finding.message)`: \(diagnostics.map(\.message))")
        }
    }
}

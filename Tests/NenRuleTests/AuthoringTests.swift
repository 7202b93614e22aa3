import Foundation
import Testing
@testable import NenRule

/// What a new guideline editor meets first: tests that say where they failed, a CLI that explains
/// itself, and hints that fit the rule file they are writing.
@Suite("authoring")
struct AuthoringTests {
    static let rules = """
        guideline a "A"
        fact stage: { I, II, III }
        outcome surgery "Surgery"
        decision care "Care" cite "§1" {
          when stage == I => may surgery
          otherwise       => refer surgery
        }

        """

    @Test func aFailurePointsAtTheFailingExpect() throws {
        let compilation = Fixtures.compile(Self.rules + "test \"t\" { given stage = I\n  expect care => surgery\n  expect care not_applicable }\n")
        let model = try #require(compilation.model), graph = try #require(compilation.graph)
        let failure = try #require(TestRunner.run(model, graph).first?.failures.first)
        #expect(DiagnosticRenderer.location(failure.span, in: compilation.sources)?.line == 10)
    }

    @Test func aTestThatExpectsNothingIsAnError() {
        let compilation = Fixtures.compile(Self.rules + "test \"t\" { given stage = I }\n")
        #expect(Fixtures.codes(compilation) == ["empty-test"])
    }

    @Test func aBrokenFileDoesNotHideTheOthersTests() throws {
        let good = SourceFile(path: "good.nenrule", text: Self.rules + "test \"t\" { given stage = I\n  expect care => surgery }\n")
        let broken = SourceFile(path: "broken.nenrule", text: "test \"b\" { given stge = I\n  expect care => surgery }\n")
        let compilation = Frontend.compile([good, broken])
        #expect(compilation.hasErrors)
        let (remaining, skipped) = try #require(Frontend.withoutBrokenFiles(compilation))
        #expect(skipped == ["broken.nenrule"] && remaining.model?.tests.count == 1)
    }

    @Test(arguments: [
        ("when stage = I => may surgery", "did you mean `==`?"),
        ("when stage == I => recomend surgery", "did you mean `recommend`?"),
    ])
    func hintsFitTheRuleFile(branch: String, help: String) {
        let compilation = Fixtures.compile("fact stage: { I, II }\noutcome surgery\ndecision d { \(branch)\n  otherwise => refer surgery }\n")
        #expect(compilation.diagnostics.contains { $0.help == help }, "\(Fixtures.rendered(compilation))")
    }

    @Test func theCLIExplainsItself() throws {
        let version = try CLIProcess.run(["--version"])
        #expect(version.status == 0 && String(decoding: version.stdout, as: UTF8.self).hasPrefix("nenrule \(Version.toolchain) (rule format \(Version.ruleFormat))"))
        for command in ["check", "lint", "eval", "batch", "test", "fmt", "graph", "explain", "catalog", "vocab", "schema", "lsp", "diff"] {
            let help = try CLIProcess.run([command, "--help"])
            let text = String(decoding: help.stdout, as: UTF8.self)
            #expect(help.status == 0 && text.contains("examples:") && text.contains("Exit codes"), "\(command): \(text)")
        }
    }

    @Test func aFilterMatchingNothingAndAPendingDiffFail() throws {
        let filtered = try CLIProcess.run(["test", Fixtures.guidelines, "--filter", "no test has this name"])
        #expect(filtered.status == 1 && String(decoding: filtered.stderr, as: UTF8.self).contains("error[no-tests]"))
        let directory = try Scratch.directory("fmt-diff")
        try "fact  a : bool\n".write(to: directory.appendingPathComponent("a.nenrule"), atomically: true, encoding: .utf8)
        let diff = try CLIProcess.run(["fmt", "--diff", directory.appendingPathComponent("a.nenrule").path])
        #expect(diff.status == 1 && String(decoding: diff.stdout, as: UTF8.self).contains("+fact a: bool"))
    }
    /// A cut-off is tested only by a test at exactly that value: 9 mm and 11 mm leave `< 10 mm`
    /// against `<= 10 mm` open; 10 mm (in another unit too) pins it.
    @Test func boundaryCoverageCountsOnlyTestsAtTheCutOff() throws {
        let rules = """
            guideline a "A"
            fact size: length in mm range > 0 mm
            outcome watch "Watch"
            outcome cut "Cut"
            decision care "Care" cite "§1" {
              when size < 10 mm => may watch
              otherwise         => may cut
            }
            test "small" { given size = 9 mm
              expect care => may watch }
            test "large" { given size = 11 mm
              expect care => may cut }

            """
        func coverage(_ text: String) throws -> Coverage {
            let compilation = Fixtures.compile(text)
            let model = try #require(compilation.model), graph = try #require(compilation.graph)
            return TestRunner.runWithCoverage(model, graph).coverage
        }
        let open = try coverage(rules)
        #expect(open.totalPercent == 100 && open.boundaryCounts == (0, 1))
        #expect(open.entries[0].untestedBoundaries.map(\.text) == ["`size` at 10 mm"])
        let pinned = try coverage(rules + "test \"at the cut-off\" { given size = 1 cm\n  expect care => may cut }\n")
        #expect(pinned.boundaryCounts == (1, 1) && pinned.boundaryPercent == 100)
    }
}

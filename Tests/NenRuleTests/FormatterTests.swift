import Foundation
import Testing
@testable import NenRule

/// The rule formatter, named in full: Foundation has a `Formatter` too.
private typealias RuleFormatter = NenRule.Formatter

/// `nenrule fmt`: golden layouts of badly laid-out inputs, and over every bundled rule file and
/// every fixture, a re-parse that gives the same tree (comments included), idempotence and no
/// lost comment.
@Suite("formatter")
struct FormatterTests {
    /// A rule file to format: a bundled guideline file or an inline fixture.
    struct Input: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var source: SourceFile { SourceFile(path: name, bytes: bytes) }
        var testDescription: String { name }
    }

    /// Every `.nenrule` file under Guidelines/, found when the tests run, then the fixtures.
    static func inputs() -> [Input] {
        let root = Fixtures.guidelines
        let paths = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".nenrule") }.sorted()
        let files = paths.compactMap { path in
            FileManager.default.contents(atPath: root + "/" + path).map { Input(name: "Guidelines/" + path, bytes: [UInt8]($0)) }
        }
        return files + FormatterFixtures.all.map { Input(name: $0.name + ".nenrule", bytes: Array($0.text.utf8)) }
    }

    static func formatted(_ source: SourceFile) -> String? {
        let output = RuleFormatter.format(source)
        if output.text == nil {
            var sources = SourceSet()
            _ = sources.add(source)
            Issue.record("\(source.path) was not formatted:\n\(DiagnosticRenderer.textAll(output.diagnostics, sources: sources))")
        }
        return output.text
    }

    static func parse(_ text: String) -> FileAST {
        Parser.parse(SourceFile(path: "formatted.nenrule", text: text), file: 0).0
    }

    @Test func theBundledGuidelineIsFound() {
        #expect(Self.inputs().filter { $0.name.hasPrefix("Guidelines/") }.count >= 10)
    }

    @Test(arguments: FormatterFixtures.all.map(\.name))
    func goldenLayout(_ name: String) throws {
        let fixture = try #require(FormatterFixtures.all.first { $0.name == name })
        let text = try #require(Self.formatted(SourceFile(path: name + ".nenrule", text: fixture.text)))
        Golden.check(text, "fmt/\(name).formatted")
    }

    @Test(arguments: inputs())
    func reparsedTreeEqualsTheOriginal(_ input: Input) throws {
        let (original, diagnostics) = Parser.parse(input.source, file: 0)
        #expect(diagnostics.isEmpty)
        let text = try #require(Self.formatted(input.source))
        let reparsed = Self.parse(text)
        #expect(ASTDump.dump(reparsed) == ASTDump.dump(original))
    }

    @Test(arguments: inputs())
    func formattingTwiceChangesNothing(_ input: Input) throws {
        let once = try #require(Self.formatted(input.source))
        let twice = try #require(Self.formatted(SourceFile(path: input.name, text: once)))
        #expect(twice == once, "\(Golden.diff(once, twice))")
    }

    @Test(arguments: inputs())
    func noCommentIsLostOrMoved(_ input: Input) throws {
        let before = Parser.parse(input.source, file: 0).0.comments
        let after = Self.parse(try #require(Self.formatted(input.source))).comments
        #expect(after.count == before.count)
        #expect(after.map(\.text) == before.map(\.text))
        #expect(after.map(\.trailing) == before.map(\.trailing))
    }

    /// A comment after every token, trailing and own-line in turn, stays where it was put: the
    /// formatter's own re-parse check compares every comment, and the result is stable.
    @Test(arguments: inputs())
    func aCommentBetweenAnyTwoTokensStays(_ input: Input) throws {
        let source = SourceFile(path: input.name, text: Self.commentedEverywhere(input))
        let once = try #require(Self.formatted(source))
        #expect(Self.parse(once).comments.count == Parser.parse(source, file: 0).0.comments.count)
        #expect(RuleFormatter.format(SourceFile(path: input.name, text: once)).text == once)
    }

    /// The input with `# tN` after even tokens and an own-line `# oN` after odd ones, except
    /// after the tokens the canonical layout drops (a trailing comma, `==` in a table cell).
    static func commentedEverywhere(_ input: Input) -> String {
        let tokens = Lexer.tokenize(input.source, file: 0).tokens.filter { $0.kind != .endOfFile }
        var text = "", offset = 0
        for (index, token) in tokens.enumerated() {
            text += String(decoding: input.bytes[offset..<token.span.end], as: UTF8.self)
            offset = token.span.end
            let next = index + 1 < tokens.count ? tokens[index + 1].kind : .endOfFile
            let previous = index > 0 ? tokens[index - 1].kind : .endOfFile
            let dropped = (token.kind == .comma && next == .rightBrace) || (token.kind == .equal && previous == .pipe)
            if !dropped { text += index % 2 == 0 ? " # t\(index)\n" : "\n# o\(index)\n" }
        }
        return text + String(decoding: input.bytes[offset...], as: UTF8.self)
    }

    @Test func linesFitInOneHundredColumnsWhereTheyCan() throws {
        let text = try #require(Self.formatted(SourceFile(path: "decisions.nenrule", text: FormatterFixtures.decisions)))
        for line in text.split(separator: "\n") where !line.contains("\"") && !line.contains("#") {
            #expect(line.count <= RuleFormatter.width, "\(line)")
        }
    }

    @Test func aFileWithSyntaxErrorsIsRefused() {
        let broken = "fact a: bool\ndecision d {\n  when a =>\n}\n"
        let output = RuleFormatter.format(SourceFile(path: "broken.nenrule", text: broken))
        #expect(output.text == nil)
        #expect(output.diagnostics.map(\.code) == ["syntax"])
    }

    @Test func aChangeOfMeaningIsReportedNotWritten() throws {
        let source = SourceFile(path: "d.nenrule", text: "fact a: bool\noutcome x\ndecision d { when a => x }\n")
        let (ast, _) = Parser.parse(source, file: 0)
        #expect(RuleFormatter.meaningChange(ast, formatted: RuleFormatter.render(ast, source: source), path: "d.nenrule") == nil)
        let negated = "fact a: bool\noutcome x\ndecision d { when not a => x }\n"
        let changed = try #require(RuleFormatter.meaningChange(ast, formatted: negated, path: "d.nenrule"))
        #expect(changed.code == "fmt-changed-meaning")
        #expect(changed.notes == ["the syntax tree differs: `name a` became `not`"])
        let commented = Parser.parse(SourceFile(path: "c", text: "# keep me\nfact a: bool\n"), file: 0).0
        let dropped = try #require(RuleFormatter.meaningChange(commented, formatted: "fact a: bool\n", path: "c"))
        #expect(dropped.code == "fmt-changed-meaning")
    }

    @Test func stringsAreEscapedAgain() throws {
        let text = try #require(RuleFormatter.format(SourceFile(path: "s", text: #"outcome x "a \"b\" \\ c\td\ne""#)).text)
        #expect(text == #"outcome x "a \"b\" \\ c\td\ne""# + "\n")
        let tab = try #require(RuleFormatter.format(SourceFile(path: "s", text: "outcome x \"raw\ttab\"")).text)
        #expect(tab == #"outcome x "raw\ttab""# + "\n")
    }

    @Test func trailingWhiteSpaceOfACommentIsDroppedAndItsTextKept() throws {
        let source = SourceFile(path: "c", text: "fact a: bool   # why  \t\r\n#  own line \r\n")
        let text = try #require(RuleFormatter.format(source).text)
        #expect(text == "fact a: bool  # why\n#  own line\n")
    }

    /// Found by the fmt fuzzer (issue 11): carriage returns ending a comment at the end of the
    /// file (the lexer drops only the last) were kept, and the next parse dropped one more, so
    /// fmt refused the file with `fmt-changed-meaning`. Trailing carriage returns are white space.
    @Test(arguments: ["#a\r\r", "#4 publ\r\r\r\r", "fact a: bool #x\r\r\r", "#a\r\rb\r\r\n#c \r \r"])
    func carriageReturnsEndingACommentAreWhiteSpace(text: String) throws {
        let once = try #require(RuleFormatter.format(SourceFile(path: "cr", text: text)).text)
        #expect(!once.contains("\r\n"), "\(once.debugDescription)")
        #expect(RuleFormatter.format(SourceFile(path: "cr", text: once)).text == once)
    }

    @Test func emptyAndCommentOnlyFiles() throws {
        #expect(RuleFormatter.format(SourceFile(path: "e", text: "")).text == "")
        #expect(RuleFormatter.format(SourceFile(path: "c", text: "\n\n# one\n\n\n\n# two\n")).text == "# one\n\n# two\n")
    }

    @Test func unifiedDiff() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n", new = "a\nb\nc\nD\ne\nf\ng\nh\ni\nj\nk\n"
        #expect(UnifiedDiff.diff(old, old, path: "p") == "")
        #expect(UnifiedDiff.diff(old, new, path: "p") == """
            --- p
            +++ p (formatted)
            @@ -1,10 +1,11 @@
             a
             b
             c
            -d
            +D
             e
             f
             g
             h
             i
             j
            +k

            """)
        let far = (1...20).map { "l\($0)" }
        let changed = far.enumerated().map { $0.offset == 1 || $0.offset == 18 ? $0.element + "!" : $0.element }
        let hunks = UnifiedDiff.diff(far.joined(separator: "\n"), changed.joined(separator: "\n"), path: "p")
        #expect(hunks.components(separatedBy: "@@ -").count == 3)
        #expect(hunks.contains("@@ -1,5 +1,5 @@") && hunks.contains("@@ -16,5 +16,5 @@"))
    }
}

/// Deliberately badly laid-out rule text, with comments in awkward places. The rules need not
/// check (names are not resolved); they must parse.
enum FormatterFixtures {
    static let all: [(name: String, text: String)] = [
        ("declarations", declarations), ("decisions", decisions), ("tables_and_tests", tablesAndTests),
        ("criteria_shapes", criteriaShapes),
    ]

    /// Criteria without labels, with multi-term conditions short and long: the shape that
    /// crashed `fmt` (issue 11) when a condition had a final operator and no label column.
    static let criteriaShapes = #"""
        criteria d2 "c"
        {
          require a > 1 and c >= 2 %
        }
        criteria d3 { require a > 1 or c >= 2 % relative not b and c < 3 % "labelled" require known(a) }
        criteria d4 "long" cite "§1" {
          require a > 1 and c >= 2 % and site in { stomach, duodenum, ampulla, jejunum_ileum, appendix, colon, rectum } and not b
          relative a <= 5 and (c < 50 % or b) # trailing after a criterion
          require a > 1 and c >= 2 % and site in { stomach, duodenum, ampulla, jejunum_ileum, appendix } "a label" note "AMB-01: why"
        }
        """#

    static let declarations = #"""
        # A rule file with messy declarations.



        guideline   demo "Demo"   version "1"
        import "other.nenrule"
        fact size : length in mm range >0 mm "greatest diameter"   # trailing on a fact
        fact   grade: {G1,G2 , G3,}   derived   by   grading.gep
        fact ki67: percent range 0 % ... 100.0 %
        fact site: { stomach, duodenum, ampulla, jejunum_ileum, appendix, colon, rectum, pancreas, lung, thymus }
          "site of the primary tumour, as the pathology report gives it"
        fact change: percent range >= - 100 %   # shrinkage is negative
        # comment before the outcome group


        fact ca : molar_concentration in mmol/L also 14   mg/dL= 3.5 mmol/L # calcium
        outcome surgery "Surgery"
        outcome   watch"Watch and wait"
        outcome CR "Complete response"   finding  # a finding takes no strength
        outcome mdt_review    # trailing before the label
          "MDT"
        define small=size<=10 mm and grade in{G1,G2}
        define   big =
           size > 20 mm   or   (grade == G3 and ki67 >= 55 %) # trailing after a define
        """#

    static let decisions = #"""
        decision care "Care" applies when known(size) cite "§1" policy first note "AMB-01: a \"quoted\" note with a \\ backslash" {
        # own-line comment right after the brace
        when size>20.0 mm=>should surgery cite"§1.2"   # trailing after cite
        when small and
          # comment inside the condition
          grade==G1 => may watch, refer mdt_review
        when (size > 10 mm or # trailing inside a parenthesis
           grade == G3) and not known(grade) => surgery note "tab\there\nnewline" cite "§2" cite "§3"


             otherwise=>refer mdt_review
        # comment before the closing brace
        }   # trailing on the closing brace
        decision long.conditions "Conditions that must wrap"
          cite "§3"   # trailing on a header clause
          # own-line comment before the brace
        {
          when site in { stomach, duodenum, ampulla, jejunum_ileum, appendix, colon, rectum, pancreas } and size > 10 mm => surgery cite "§3.1"
          when site == rectum and size in 10 mm ... 20 mm and (grade in { G2, G3 } or ki67 >= 20 % or (change < -30 % and not small)) => surgery cite "§3.2" note "AMB-02: a note far too long to share the line of its branch, so it goes on a line of its own"
          when site == rectum and size <= 20 mm and grade in { G1, G2 } and not big and change > -100 % => may watch cite "§3.3"
          when not (site in { lung, thymus }) and grade not in { G3 } => watch
          otherwise => refer mdt_review
        }
        decision bare { when true => watch }
        criteria fit "Fitness" cite "§4" {
        require grade in {G1,G2} "low grade"   # why
        relative age<60 years "young" note "relative"
        require known(size)
          # a comment between criteria
        require size < 50 mm and ki67 < 10 % and change > -50 % and not big and grade != G3 and site != lung "a long criterion whose label must wrap"
        }
        """#

    static let tablesAndTests = #"""
        table grading.gep "Grade" policy highest cite "T3" {
        inputs ki67,mitoses
        |<3 %|-|=>G1
        | 3 % ... 20 % | - | => G2 # trailing on a row
        # comment between rows
        |>20 %|  >= 21 |=>G3 cite "x"
        | in {1%,2%} | not in { 5, 6 } | => G1
        | 0 ... 2 % | == 0 | => G1
        otherwise => G1
        }
        test "a test" { given size=1.2 cm , grade=G1
        expect care=>watch,mdt_review
        # between expects

        expect fit undetermined=>met needs age
        expect bare not_applicable }
        test "a long given" {
          given site = rectum, size = 15 mm, grade = G1, ki67 = 2.50 %, change = -5 %, mitoses = 0, small = true, big = false
          expect long.conditions undetermined => surgery, watch, mdt_review, watch, surgery needs grade, ki67, change, site, size
        }
        test "empty given" { given
          expect bare => watch }
        test "a record" { given "patient.json" ,grade=G2
          irrelevant care,fit # trailing on a mark
          expect bare=>watch
        irrelevant long.conditions }
        test "only a record" { given "patient.json" expect bare => watch }
        """#
}

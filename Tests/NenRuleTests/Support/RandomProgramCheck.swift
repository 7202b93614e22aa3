import Foundation
import Testing
@testable import NenRule

/// Runs one generated rule set through every command in-process, as the CLI would: check, lint,
/// fmt, explain, graph, test, eval and batch. Every expectation names the seed, so a failure
/// can be replayed with `NENRULE_RANDOM_SEED=N swift test --filter RandomProgram`.
struct RandomProgramCheck {
    let program: RandomRuleSet
    let cases: [String]
    /// Keeps lint fast on rule sets it was not written for; exceeding it is a finding.
    static let lintWorkBound = 500

    init(seed: UInt64, cases count: Int) {
        program = RandomRuleSet(seed: seed)
        var generator = RandomCases(program)
        cases = (0..<count).map { generator.next($0) }
    }

    var seed: String { "seed \(program.seed)" }

    func run() {
        let compilation = Fixtures.compile(program.text, path: "random.nenrule")
        guard let model = compilation.model, let graph = compilation.graph else {
            Issue.record("\(seed): the generated rule set does not check:\n\(program.text)\n\(Fixtures.rendered(compilation))")
            return
        }
        lint(compilation)
        guard let formatted = format() else { return }
        explain(model)
        draw(graph)
        _ = TestRunner.runWithCoverage(model, graph)
        let answers = evaluate(graph)
        let reformatted = Fixtures.compile(formatted, path: "formatted.nenrule")
        guard let formattedGraph = reformatted.graph else {
            Issue.record("\(seed): the formatted rule set does not check:\n\(Fixtures.rendered(reformatted))")
            return
        }
        #expect(evaluate(formattedGraph) == answers, "\(seed): formatting changed an answer")
        batch(graph, answers: answers)
    }

    func lint(_ compilation: Compilation) {
        var options = Linter.Options(strict: program.seed % 2 == 0)
        options.workBound = Self.lintWorkBound
        let findings = Linter.lint(compilation, options: options)
        // Overlaps under `unique` are errors the generator does not avoid; any other is a finding.
        let errors = findings.filter { $0.severity == .error && $0.code != "overlap" }
        #expect(errors.isEmpty, "\(seed): lint finds errors in a rule set that checks: \(errors.map { "\($0.code): \($0.message)" })")
        _ = DiagnosticRenderer.textAll(findings, sources: compilation.sources)
        let sarif = SARIFRenderer.render(findings, sources: compilation.sources).render(pretty: false)
        #expect((try? JSONReader.parse(sarif).get()) != nil, "\(seed): SARIF is not JSON")
    }

    /// The formatted text: the same tree, comments included; formatting it again changes nothing.
    func format() -> String? {
        let source = SourceFile(path: "random.nenrule", text: program.text)
        let output = NenRule.Formatter.format(source)
        guard let text = output.text else {
            Issue.record("\(seed): fmt refused the rule set: \(output.diagnostics.map { "\($0.message) \($0.notes)" })\n\(program.text)")
            return nil
        }
        let original = Parser.parse(source, file: 0).0
        let (reparsed, errors) = Parser.parse(SourceFile(path: "formatted.nenrule", text: text), file: 0)
        #expect(errors.isEmpty, "\(seed): the formatted text does not parse")
        #expect(NenRule.Formatter.comparable(reparsed) == NenRule.Formatter.comparable(original), "\(seed): fmt changed the tree")
        #expect(original.comments.count == program.comments, "\(seed): the parser sees other comments than were written")
        #expect(reparsed.comments.map(\.trailing) == original.comments.map(\.trailing), "\(seed): fmt lost or moved a comment")
        let twice = NenRule.Formatter.format(SourceFile(path: "formatted.nenrule", text: text)).text
        #expect(twice == text, "\(seed): formatting twice changes the text:\n\(Golden.diff(text, twice ?? ""))")
        return text
    }

    func explain(_ model: CheckedModel) {
        let renderer = ExplainRenderer(model: model)
        for index in model.decisions.indices {
            #expect(!renderer.text(index).isEmpty && !renderer.markdown(index).isEmpty, "\(seed): empty explanation")
        }
    }

    func draw(_ graph: DecisionGraph) {
        for focus in [nil] + graph.decisions.indices.prefix(2).map(Optional.some) {
            let scope = GraphScope(graph, focus: focus)
            #expect(GraphRenderer.dot(graph, scope: scope).hasSuffix("}\n"), "\(seed): DOT is not closed")
            #expect(!GraphRenderer.mermaid(graph, scope: scope).isEmpty, "\(seed): empty Mermaid")
            let json = GraphRenderer.json(graph, scope: scope).render(pretty: false)
            #expect((try? JSONReader.parse(json).get()) != nil, "\(seed): graph JSON does not parse")
        }
    }
}

import Foundation
import Testing
@testable import NenRule

/// One case's answer as `eval` gives it: the errors that refused the case, or every decision's
/// result (without trace: spans move when the text is formatted) and the warnings.
struct CaseAnswer: Equatable {
    var errors: [String]
    var decisions: [DecisionResult]
    var warnings: [String]
}

extension RandomProgramCheck {
    /// Every case through `CaseReader` and the evaluator, as `eval` runs it; the first case also
    /// with the trace on, rendered as text and JSON.
    func evaluate(_ graph: DecisionGraph) -> [CaseAnswer] {
        var evaluator = Evaluator(graph: graph)
        var traced = Evaluator(graph: graph)
        traced.tracing = true
        let renderer = EvaluationRenderer(graph: graph, sources: nil)
        return cases.enumerated().map { number, text in
            guard let json = try? JSONReader.parse(text).get() else {
                Issue.record("\(seed): case \(number) is not JSON: \(text)")
                return CaseAnswer(errors: ["json"], decisions: [], warnings: [])
            }
            let diagnostics = CaseReader.load(json, into: &evaluator)
            let errors = diagnostics.filter { $0.severity == .error }.map { "\($0.code): \($0.message)" }
            guard errors.isEmpty else { return CaseAnswer(errors: errors, decisions: [], warnings: []) }
            let evaluation = evaluator.evaluate()
            if number == 0, CaseReader.load(json, into: &traced).isEmpty {
                let withTrace = traced.evaluate()
                #expect(withTrace.decisions.map(\.outcomes) == evaluation.decisions.map(\.outcomes), "\(seed): the trace changed an answer")
                let rendered = renderer.json(withTrace).render(pretty: true)
                #expect((try? JSONReader.parse(rendered).get()) != nil, "\(seed): eval JSON does not parse")
                _ = renderer.text(withTrace, showAll: true)
            }
            return CaseAnswer(errors: [], decisions: evaluation.decisions, warnings: evaluation.diagnostics.map(\.message))
        }
    }

    /// The cases as JSON Lines through `BatchRunner`: one line per case, an error line exactly
    /// for the cases `eval` refuses.
    func batch(_ graph: DecisionGraph, answers: [CaseAnswer]) {
        let input = Array((cases.joined(separator: "\n") + "\n").utf8)
        var options = BatchRunner.Options()
        options.jobs = program.seed % 7 == 0 ? 2 : 1
        var runner = BatchRunner(graph: graph, options: options)
        let (result, output) = runner.run(input: input)
        guard case .success(let summary) = result else {
            Issue.record("\(seed): batch failed: \(result)")
            return
        }
        let lines = output.split(separator: UInt8(ascii: "\n"))
        #expect(lines.count == cases.count && summary.cases + summary.errors == cases.count, "\(seed): batch wrote \(lines.count) lines for \(cases.count) cases")
        for (number, (line, answer)) in zip(lines, answers).enumerated() {
            let text = String(decoding: line, as: UTF8.self)
            #expect(text.contains(#""error":{"#) == !answer.errors.isEmpty, "\(seed): case \(number): batch says \(text.prefix(300)), eval \(answer.errors)")
            guard answer.errors.isEmpty else { continue }
            let expected = answer.decisions.map { "\($0.id) \($0.status.rawValue) \($0.outcomes) needs \($0.needs)" }
            #expect(Self.decisions(inBatchLine: Array(line)) == expected, "\(seed): case \(number): batch and eval answer differently")
        }
    }

    /// "id status [outcomes] needs [facts]" of every decision in a batch output line.
    static func decisions(inBatchLine line: [UInt8]) -> [String]? {
        guard case .success(.object(let members)) = JSONReader.parse(line),
              case .array(let decisions)? = members.first(where: { $0.key == "decisions" })?.value else { return nil }
        return decisions.map { decision in
            guard case .object(let fields) = decision else { return "?" }
            let field = { (name: String) in fields.first { $0.key == name }?.value }
            let strings = { (value: JSONValue?) -> [String] in
                guard case .array(let items)? = value else { return [] }
                return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
            }
            guard case .string(let id)? = field("id"), case .string(let status)? = field("status") else { return "?" }
            return "\(id) \(status) \(strings(field("outcomes"))) needs \(strings(field("needs")))"
        }
    }
}

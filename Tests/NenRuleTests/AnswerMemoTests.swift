import Foundation
import Testing
@testable import NenRule

/// The interpreter's memo of exact answers by the given facts' cells (`AnswerMemo`): an answer met
/// in the memo is the answer a fresh evaluator explores — status, outcomes, strengths, needs, the
/// branches taken, applicability and approximation — on every example record and on each with
/// every other fact left out (where most answers are settled exactly).
@Suite("answer memo")
struct AnswerMemoTests {
    static func records() throws -> [(name: String, record: JSONValue)] {
        let directory = Fixtures.guidelines + "/examples"
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
        return try names.flatMap { name -> [(name: String, record: JSONValue)] in
            let record = try JSONReader.parse(String(contentsOfFile: directory + "/" + name, encoding: .utf8)).get()
            guard case .object(let members) = record else { return [] }
            let halved = members.enumerated().filter { $0.offset % 2 == 0 || $0.element.key == "case_id" }.map(\.element)
            return [(name, record), (name + " (every other fact left out)", .object(halved))]
        }
    }

    static func evaluate(_ evaluator: Evaluator, _ record: JSONValue) -> [DecisionResult] {
        var evaluator = evaluator
        evaluator.reset()
        _ = CaseReader.load(record, into: &evaluator)
        return evaluator.evaluate().decisions
    }

    @Test func aRememberedAnswerIsTheExploredOne() throws {
        let compilation = Frontend.load(paths: [Fixtures.guidelines])
        let graph = try #require(compilation.graph)
        let warm = Evaluator(graph: graph)
        let records = try Self.records()
        #expect(records.count >= 200)
        for (_, record) in records { _ = Self.evaluate(warm, record) }
        #expect(warm.exactState.answers.entries.count > 100)
        for (name, record) in records {
            let fresh = Self.evaluate(Evaluator(graph: graph), record)
            let remembered = Self.evaluate(warm, record)
            #expect(remembered == fresh, "\(name)")
        }
    }

    @Test func changingTheExactnessSettingsForgetsTheAnswers() throws {
        let compilation = Frontend.load(paths: [Fixtures.guidelines])
        let evaluator = Evaluator(graph: try #require(compilation.graph))
        _ = Self.evaluate(evaluator, try #require(Self.records().last).record)
        #expect(!evaluator.exactState.answers.entries.isEmpty)
        evaluator.exactStatusOnly = true
        #expect(evaluator.exactState.answers.entries.isEmpty)
        _ = Self.evaluate(evaluator, try #require(Self.records().last).record)
        evaluator.exactBudget = 100
        #expect(evaluator.exactState.answers.entries.isEmpty)
    }
}

import Foundation
import Testing
@testable import NenRule

/// `nenrule build --target c` against the interpreter: the generated C, compiled by the system's
/// C compiler and called through its API, must give every decision the interpreter's status,
/// outcomes and strengths — on the bundled examples, on every in-language test case, on random
/// cases per decision, and on random rule sets with constraints.
@Suite("generated C against the interpreter", .serialized)
struct CodegenTests {
    /// Random cases per decision of the bundled guideline. The issue's 100 000 (`NENRULE_C_CASES=100000`)
    /// take about 5 minutes without a narrowing memo in the C runtime, so the suite runs 2 000 until it has one.
    static let casesPerDecision = Int(ProcessInfo.processInfo.environment["NENRULE_C_CASES"] ?? "") ?? 2_000

    /// The guideline's generated library, built once for the suite.
    nonisolated(unsafe) static var guideline: (graph: DecisionGraph, model: CheckedModel, library: GeneratedC)?

    static func bundled() throws -> (graph: DecisionGraph, model: CheckedModel, library: GeneratedC) {
        if let made = guideline { return made }
        let compilation = Frontend.load(paths: [Fixtures.guidelines])
        let graph = try #require(compilation.graph), model = try #require(compilation.model)
        let made = (graph, model, try GeneratedC(graph))
        guideline = made
        return made
    }

    /// C indices equal the graph's when the whole rule set is emitted.
    @Test func theWholeRuleSetKeepsItsNumbering() throws {
        let (graph, _, library) = try Self.bundled()
        #expect(library.program.decisions == graph.decisions.map(\.id))
        #expect(String(cString: library.digest()!) == graph.digest)
        #expect(library.decisionIndex("grading.gep") == Int32(graph.decisionIndex("grading.gep")!))
    }

    @Test func everyExampleAgrees() throws {
        let (graph, _, library) = try Self.bundled()
        var evaluator = Evaluator(graph: graph)
        let examples = try FileManager.default.contentsOfDirectory(atPath: Fixtures.guidelines + "/examples").filter { $0.hasSuffix(".json") }.sorted()
        #expect(examples.count >= 100)
        let handle = library.caseNew()
        defer { library.caseFree(handle) }
        for name in examples {
            let text = try String(contentsOfFile: Fixtures.guidelines + "/examples/" + name, encoding: .utf8)
            evaluator.reset()
            let problems = CaseReader.load(try JSONReader.parse(text).get(), into: &evaluator)
            let values = (0..<evaluator.values.writtenCount.pointee).map { k in
                let slot = Int(evaluator.values.written[k])
                return (slot: slot, value: evaluator.values.storage[slot])
            }
            #expect(problems.filter { $0.severity == .error }.isEmpty, "\(name)")
            for d in graph.decisions.indices {
                let expected = GeneratedC.reference(evaluator, values, d)
                let actual = library.answer(handle, values, Int32(d))
                #expect(actual == expected, "\(name): `\(graph.decisions[d].id)`")
                if actual != expected { return }
            }
        }
    }

    @Test func everyInLanguageTestCaseAgrees() throws {
        let (graph, model, library) = try Self.bundled()
        let evaluator = Evaluator(graph: graph)
        let handle = library.caseNew()
        defer { library.caseFree(handle) }
        var compared = 0
        for test in model.tests {
            let values = test.given.map { (slot: $0.fact, value: $0.value) }
            let decisions = test.record == nil ? test.expects.map(\.decision) : Array(graph.decisions.indices)
            for d in decisions {
                let expected = GeneratedC.reference(evaluator, values, d)
                let actual = library.answer(handle, values, Int32(d))
                compared += 1
                #expect(actual == expected, "test `\(test.name)`: `\(graph.decisions[d].id)`")
                if actual != expected { return }
            }
        }
        #expect(compared >= model.tests.count)
    }

    @Test func randomCasesPerDecisionAgree() throws {
        let (graph, _, library) = try Self.bundled()
        let evaluator = Evaluator(graph: graph)
        let handle = library.caseNew()
        defer { library.caseFree(handle) }
        let state = ExactState(graph: graph)
        var random = SplitMix64(seed: 20_261_205)
        for d in graph.decisions.indices {
            let generator = RandomSlotCases(graph: graph, slots: state.closure[d].map { Int($0) })
            var rows = RowBatch(columns: generator.slots)
            for number in 0..<Self.casesPerDecision {
                // Fully known but for one case in a hundred, which misses some facts and is settled
                // exactly; one in a thousand is checked against the constraints first.
                let values = generator.next(&random, missing: number % 100 == 0 ? 300 : 0)
                let checked = number % 1000 == 0
                let expected = GeneratedC.reference(evaluator, values, d, checked: checked)
                let actual = library.answer(handle, values, Int32(d), checked: checked)
                guard actual == expected else {
                    Issue.record("`\(graph.decisions[d].id)` on \(generator.describe(values)): C \(actual), interpreter \(expected)")
                    return
                }
                if !checked { rows.append(values, expected) }
            }
            guard rows.agree(library, handle, Int32(d), { "`\(graph.decisions[d].id)` on \(generator.describe($0))" }) else { return }
        }
    }

    @Test func randomRuleSetsWithConstraintsAgree() throws {
        var compared = 0, programs = 0
        for seed in 0..<UInt64(40) {
            let ruleSet = RandomRuleSet(seed: seed &* 7_919 &+ 3)
            let compilation = Fixtures.compile(ruleSet.text)
            guard let graph = compilation.graph, !compilation.hasErrors, !graph.constraints.isEmpty || seed % 4 == 0 else { continue }
            programs += 1
            let library = try GeneratedC(graph)
            let evaluator = Evaluator(graph: graph)
            let handle = library.caseNew()
            defer { library.caseFree(handle) }
            var random = SplitMix64(seed: seed)
            let generator = RandomSlotCases(graph: graph, slots: Array(graph.facts.indices))
            var batches = graph.decisions.map { _ in RowBatch(columns: generator.slots) }
            for _ in 0..<2_000 {
                let values = generator.next(&random, missing: 350)
                for d in graph.decisions.indices {
                    let expected = GeneratedC.reference(evaluator, values, d)
                    let actual = library.answer(handle, values, Int32(d))
                    compared += 1
                    guard actual == expected else {
                        Issue.record("seed \(seed) `\(graph.decisions[d].id)` on \(generator.describe(values)): C \(actual), interpreter \(expected)\n\(ruleSet.text)")
                        return
                    }
                    // Unchecked rows of an inconsistent case mean nothing; the checked answer says which.
                    if !expected.error { batches[d].append(values, GeneratedC.reference(evaluator, values, d, checked: false)) }
                }
            }
            for d in graph.decisions.indices {
                guard batches[d].agree(library, handle, Int32(d), { "seed \(seed) `\(graph.decisions[d].id)` on \(generator.describe($0))\n\(ruleSet.text)" }) else { return }
            }
        }
        #expect(programs >= 20)
        #expect(compared >= 100_000)
    }
}

/// Cases as rows for `nenrule_decide_rows` (the bulk path: a pure function per decision, the
/// case record when that is not certain), with the interpreter's answers to compare.
struct RowBatch {
    let columns: [Int]
    var rows: [Int64] = []
    var cases: [[(slot: Int, value: Int64)]] = []
    var expected: [GeneratedC.Answer] = []

    init(columns: [Int]) { self.columns = columns }

    mutating func append(_ values: [(slot: Int, value: Int64)], _ answer: GeneratedC.Answer) {
        var row = [Int64](repeating: Evaluator.unknown, count: columns.count)
        for (slot, value) in values { if let k = columns.firstIndex(of: slot) { row[k] = value } }
        rows += row
        cases.append(values)
        expected.append(GeneratedC.Answer(status: answer.status, mask: answer.mask, pairs: []))
    }

    /// Runs the rows twice (the second time over the memos the first left) and records the first
    /// disagreement.
    func agree(_ library: GeneratedC, _ handle: OpaquePointer?, _ decision: Int32, _ describe: ([(slot: Int, value: Int64)]) -> String) -> Bool {
        for _ in 0..<2 {
            let actual = library.rows(handle, columns, rows, decision)
            if let k = actual.indices.first(where: { actual[$0] != expected[$0] }) {
                Issue.record("nenrule_decide_rows: \(describe(cases[k])): C \(actual[k]), interpreter \(expected[k])")
                return false
            }
        }
        return true
    }
}

/// Random fully- or partly-known cases over some slots, in slot values: each fact a value of a
/// random cell — its representative, or for a range the values just inside its edges, where
/// the thresholds are — or missing.
struct RandomSlotCases {
    let graph: DecisionGraph
    let slots: [Int]
    /// Per slot, whether a decision derives it (read on every draw: a copy of the graph's array).
    let derived: [Bool]
    /// Per slot, the values to draw from.
    let choices: [[Int64]]

    init(graph: DecisionGraph, slots: [Int]) {
        self.graph = graph
        self.slots = slots
        derived = slots.map { graph.derivedBy[$0] >= 0 }
        choices = slots.map { slot in
            graph.network.cells.cells[slot].flatMap { cell -> [Int64] in
                guard case .interval(let low, let high) = cell.shape else { return [cell.representative] }
                let step = graph.facts[slot].isWholeNumber ? Exact.scale : 1
                return [cell.representative] + [low.map { $0 + step }, high.map { $0 - step }].compactMap { $0 }
            }.filter { graph.facts[slot].allows($0) }
        }
    }

    /// A case: each slot missing with `missing` per mille (derived ones mostly missing).
    func next(_ random: inout SplitMix64, missing: UInt64) -> [(slot: Int, value: Int64)] {
        var values: [(slot: Int, value: Int64)] = []
        for (index, slot) in slots.enumerated() where !choices[index].isEmpty {
            let skip = derived[index] ? max(missing, 900) : missing
            if random.next() % 1000 < skip { continue }
            values.append((slot, choices[index][Int(random.next() % UInt64(choices[index].count))]))
        }
        return values
    }

    func describe(_ values: [(slot: Int, value: Int64)]) -> String {
        "{" + values.map { "\"\(graph.facts[$0.slot].name)\": \(graph.facts[$0.slot].display($0.value))" }.joined(separator: ", ") + "}"
    }
}

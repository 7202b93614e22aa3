import Foundation
import Testing
@testable import NenRule

/// `batch` over the bundled examples: as JSON Lines, as CSV, and with broken lines in between,
/// always one output line per input line, in order, agreeing with `eval`.
@Suite("batch")
struct BatchTests {
    static let compilation = Frontend.load(path: Fixtures.guidelines)
    static var graph: DecisionGraph { compilation.graph! }

    /// Every example case as one JSON line, in file order.
    static let examples: [String] = {
        let directory = Fixtures.guidelines + "/examples"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        return files.compactMap { file -> String? in
            guard let text = try? String(contentsOfFile: directory + "/" + file, encoding: .utf8),
                  case .success(let json) = JSONReader.parse(text) else { return nil }
            return JSONNode(json).render(pretty: false)
        }
    }()

    static func run(_ input: String, _ configure: (inout BatchRunner.Options) -> Void = { _ in }) -> (lines: [String], summary: BatchSummary?) {
        var options = BatchRunner.Options()
        options.includeNotApplicable = true
        configure(&options)
        var runner = BatchRunner(graph: graph, options: options)
        var pending = Array(input.utf8)[...]
        var output: [UInt8] = []
        let result = runner.run(read: { buffer, count in
            let chunk = pending.prefix(min(count, 7))   // small reads exercise line splitting
            buffer.append(contentsOf: chunk)
            pending = pending.dropFirst(chunk.count)
            return chunk.count
        }, write: { output.append(contentsOf: $0) })
        let text = String(decoding: output, as: UTF8.self)
        return (text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init), try? result.get())
    }

    /// The summary's count of undetermined decisions per case is eval's, case by case.
    @Test func theSummaryCountsUndeterminedDecisionsPerCase() throws {
        let (_, summary) = Self.run(Self.examples.joined(separator: "\n") + "\n")
        let counts = try Self.examples.map { example in
            var evaluator = Evaluator(graph: Self.graph)
            _ = CaseReader.load(try JSONReader.parse(example).get(), into: &evaluator)
            return evaluator.evaluate().decisions.count { $0.status == .undetermined }
        }
        #expect(summary?.undeterminedTotal == counts.reduce(0, +))
        #expect(summary?.undeterminedMost == counts.max())
        #expect(summary?.text(Self.graph, selection: Array(Self.graph.decisions.indices)).contains("undetermined decisions per case: mean") == true)
    }

    @Test func jsonLinesGiveOneLinePerCaseAgreeingWithEval() throws {
        #expect(Self.examples.count >= 10)
        let (lines, summary) = Self.run(Self.examples.joined(separator: "\n") + "\n")
        #expect(lines.count == Self.examples.count)
        #expect(summary?.cases == Self.examples.count && summary?.errors == 0)
        for (line, example) in zip(lines, Self.examples) {
            var evaluator = Evaluator(graph: Self.graph)
            _ = CaseReader.load(try JSONReader.parse(example).get(), into: &evaluator)
            let evaluation = evaluator.evaluate()
            let renderer = EvaluationRenderer(graph: Self.graph, sources: nil)
            let expected = JSONNode.array(evaluation.decisions.map(renderer.json)).render(pretty: false)
            #expect(line.contains("\"decisions\":" + expected + ","), "batch and eval disagree for \(example.prefix(60))")
        }
    }

    /// The byte-level trace writer against the renderer's JSON of the same traced evaluation,
    /// over every example and a set of partial cases (undetermined decisions, derived facts
    /// missing), for all decisions including those that do not apply.
    @Test func tracedLinesAgreeWithTheRenderedTrace() throws {
        let partial = [#"{"primary_site":"rectum","tumor_size":"8 mm","ki67":2}"#, #"{"primary_site":"stomach","serum_gastrin":"elevated"}"#,
                       #"{"liver_metastasis":true,"grade":"G2","age":61}"#, "{}",
                       // Numbers as `display` words them: fractions, other units, a value not whole in the declared unit.
                       #"{"primary_site":"rectum","tumor_size":"1.25 cm","ki67":"0.05%","age":"7 months","mitoses":3}"#,
                       #"{"primary_site":"appendix","tumor_size":20.5,"age":"18 months","liver_tumor_burden":49.999}"#]
        let cases = Self.examples + partial
        let (lines, summary) = Self.run(cases.joined(separator: "\n") + "\n") { $0.trace = true }
        #expect(lines.count == cases.count && summary?.errors == 0)
        let renderer = EvaluationRenderer(graph: Self.graph, sources: nil)
        for (line, example) in zip(lines, cases) {
            var evaluator = Evaluator(graph: Self.graph)
            evaluator.tracing = true
            _ = CaseReader.load(try JSONReader.parse(example).get(), into: &evaluator)
            let evaluation = evaluator.evaluate()
            let expected = JSONNode.array(evaluation.decisions.map(renderer.json)).render(pretty: false)
            #expect(line.contains("\"decisions\":" + expected + ","), "traced batch and eval disagree for \(example.prefix(60))")
            #expect(line.contains("\"event\":\"enter\""))
        }
    }

    /// Traced lines are large, so blocks shrink after the first (`nextBlockLines`); the lines
    /// still come out one per case, in order, with two jobs as with one.
    @Test func shrinkingBlocksKeepEveryLineInOrder() {
        let input = (0..<400).map { i in Self.examples[i % Self.examples.count].replacingOccurrences(of: "{", with: "{\"case_id\":\(i),", options: [], range: nil) }
        let serial = Self.run(input.joined(separator: "\n")) { $0.trace = true }.lines
        let parallel = Self.run(input.joined(separator: "\n")) { $0.trace = true; $0.jobs = 2 }.lines
        #expect(serial.count == 400 && parallel == serial)
        #expect(serial.enumerated().allSatisfy { $0.element.hasPrefix("{\"case_id\":\($0.offset),") })
    }

    @Test func csvGivesTheSameAnswersAsJSONLines() throws {
        // The examples as CSV: the union of their facts as the header, empty cells for unknowns.
        let objects = Self.examples.map { try? JSONReader.parse($0).get() }
        var header: [String] = []
        for case .object(let members)? in objects { for (key, _) in members where !header.contains(key) { header.append(key) } }
        var csv = header.joined(separator: ",") + "\n"
        for case .object(let members)? in objects {
            csv += header.map { key in
                switch members.first(where: { $0.key == key })?.value {
                case .string(let text)?: "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                case .number(let text)?: text
                case .bool(let value)?: value ? "true" : "false"
                default: ""
                }
            }.joined(separator: ",") + "\n"
        }
        let fromCSV = Self.run(csv) { $0.format = .csv }.lines
        let fromJSON = Self.run(Self.examples.joined(separator: "\n")).lines
        #expect(fromCSV.count == Self.examples.count)
        #expect(fromCSV == fromJSON)
    }

    @Test func brokenLinesGetErrorLinesAndTheRunGoesOn() throws {
        let broken = ["not json", "", #"{"tumor_size": "12 parsecs"}"#, #"{"case_id": "x", "grade": "G5"}"#, #"{"tumour_size": 5}"#, "[1, 2]"]
        var input: [String] = []
        for (i, example) in Self.examples.enumerated() {
            input.append(example)
            input.append(broken[i % broken.count])
        }
        let (lines, summary) = Self.run(input.joined(separator: "\n") + "\n")
        #expect(lines.count == input.count)
        #expect(summary?.errors == Self.examples.count)
        for (number, (line, source)) in zip(lines, input).enumerated() {
            let isBroken = broken.contains(source)
            #expect(line.contains("\"error\":") == isBroken, "line \(number + 1): \(line.prefix(80))")
            if isBroken, !source.contains("case_id") { #expect(line.hasPrefix("{\"line\":\(number + 1),")) }
        }
        #expect(lines.contains { $0.hasPrefix(#"{"case_id":"x","error":"#) && $0.contains("did you mean `G1`?") })
    }

    @Test func twoJobsKeepInputOrder() {
        let input = (0..<500).map { i in Self.examples[i % Self.examples.count].replacingOccurrences(of: "{", with: "{\"case_id\":\(i),", options: [], range: nil) }
        let serial = Self.run(input.joined(separator: "\n")) { $0.blockLines = 37 }.lines
        let parallel = Self.run(input.joined(separator: "\n")) { $0.jobs = 2; $0.blockLines = 37 }.lines
        #expect(serial.count == 500 && parallel == serial)
        #expect(parallel.enumerated().allSatisfy { $0.element.hasPrefix("{\"case_id\":\($0.offset),") })
    }

    @Test func anUnknownCSVColumnStopsTheRunWithADiagnostic() {
        var options = BatchRunner.Options()
        options.format = .csv
        var runner = BatchRunner(graph: Self.graph, options: options)
        var sent = false
        let result = runner.run(read: { buffer, _ in
            guard !sent else { return 0 }
            sent = true
            buffer.append(contentsOf: Array("primary_site,tumour_size\nrectum,8\n".utf8))
            return 1
        }, write: { _ in })
        guard case .failure(let diagnostic) = result else { Issue.record("accepted an unknown column"); return }
        #expect(diagnostic.code == "unknown-fact" && diagnostic.help == "did you mean `tumor_size`?")
    }
}

extension JSONNode {
    /// A parsed JSON value, to render again (compact, members in source order).
    init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let n): self = .number(n)
        case .string(let s): self = .string(s)
        case .array(let items): self = .array(items.map(JSONNode.init))
        case .object(let members): self = .object(members.map { ($0.key, JSONNode($0.value)) })
        }
    }
}

import Foundation
import NenRule

/// `nenrule-bench peer RULES CASES`: nenrule in-process on the peer benchmarks' cases
/// (Benchmarks/peers.sh), printed as the peers' `RESULT` line so one table holds them all.
/// `eval_only` starts from slot values decoded before timing, as the peers' eval-only loops
/// start from pre-converted inputs; `eval_conv` starts from each JSON line's bytes and ends
/// with the outcome names of both decisions, as the peers' end at a tuple of strings.
struct PeerEval {
    static let decisions = ["peer.treatment", "peer.chemo"]
    static let runs = 7

    let graph: DecisionGraph
    let lines: [ArraySlice<UInt8>]
    let selection: [Int]

    static func main(_ arguments: [String]) throws {
        guard arguments.count == 2 else { throw BenchError("usage: nenrule-bench peer RULES CASES", usage: true) }
        var compileTimes: [Double] = []
        var compilation = Frontend.load(path: arguments[0])
        for _ in 0..<5 {
            let start = Clock.now()
            compilation = Frontend.load(path: arguments[0])
            compileTimes.append(Clock.seconds(since: start) * 1000)
        }
        guard let graph = compilation.graph else { throw BenchError("`\(arguments[0])` does not compile") }
        guard let bytes = FileManager.default.contents(atPath: arguments[1]) else { throw BenchError("cannot read `\(arguments[1])`") }
        let lines = [UInt8](bytes).split(separator: 0x0A)
        let selection = try decisions.map { id in
            guard let index = graph.decisionIndex(id) else { throw BenchError("`\(arguments[0])` has no decision `\(id)`") }
            return index
        }
        try PeerEval(graph: graph, lines: lines, selection: selection).report(compileMilliseconds: median(compileTimes))
    }

    func report(compileMilliseconds: Double) throws {
        let (slots, rows) = try decodeAll()
        var evaluator = Evaluator(graph: graph)
        var decoder = CaseDecoder(graph: graph)
        var only: [Double] = [], conv: [Double] = []
        for _ in 0...Self.runs {
            only.append(evalOnly(evaluator, slots, rows))
            conv.append(evalConv(&evaluator, &decoder))
        }
        let n = lines.count
        let onlySeconds = median(Array(only.dropFirst())), convSeconds = median(Array(conv.dropFirst()))
        Report.say("RESULT engine=nenrule variant=in_process run=1 n=\(n) compile_ms=\(Report.fixed(compileMilliseconds, 2))"
            + " eval_only_cps=\(Int(Double(n) / onlySeconds)) eval_only_us=\(Report.fixed(onlySeconds / Double(n) * 1e6, 3))"
            + " eval_conv_cps=\(Int(Double(n) / convSeconds)) eval_conv_us=\(Report.fixed(convSeconds / Double(n) * 1e6, 3))"
            + " mismatches=- note=median of \(Self.runs) runs; eval_conv = JSON line bytes to outcome names")
    }

    /// Every case's given slots, decoded by the batch decoder before anything is timed.
    func decodeAll() throws -> (slots: [Int], rows: [Int64]) {
        var evaluator = Evaluator(graph: graph)
        var decoder = CaseDecoder(graph: graph)
        let slots = Array(graph.facts.indices)
        var rows: [Int64] = []
        rows.reserveCapacity(lines.count * slots.count)
        for (number, line) in lines.enumerated() {
            if case .failed(let diagnostic, _) = decoder.decode(line, into: &evaluator) {
                throw BenchError("case line \(number + 1): \(diagnostic.code): \(diagnostic.message)")
            }
            rows += slots.map { evaluator.values[$0] }
        }
        return (slots, rows)
    }

    /// Seconds for reset + write the slots + run both decisions + read their outputs.
    func evalOnly(_ evaluator: Evaluator, _ slots: [Int], _ rows: [Int64]) -> Double {
        var sink: UInt64 = 0
        let start = Clock.now()
        for offset in stride(from: 0, to: rows.count, by: slots.count) {
            evaluator.reset()
            for (k, slot) in slots.enumerated() { evaluator.values[slot] = rows[offset + k] }
            for d in selection {
                evaluator.run(d)
                sink &+= evaluator.outputs(of: d)
            }
        }
        BlackHole.consume(sink)
        return Clock.seconds(since: start)
    }

    /// Seconds for decoding each JSON line, running both decisions and naming their outcomes.
    func evalConv(_ evaluator: inout Evaluator, _ decoder: inout CaseDecoder) -> Double {
        let names = selection.map { d in graph.decisions[d].localOutputs.map { graph.decisions[d].outputNames[Int($0)] } }
        var sink: UInt64 = 0
        let start = Clock.now()
        for line in lines {
            _ = decoder.decode(line, into: &evaluator)
            for (k, d) in selection.enumerated() {
                evaluator.run(d)
                // Each decision here decides exactly one outcome: its lowest set bit.
                sink &+= UInt64(names[k][evaluator.outputs(of: d).trailingZeroBitCount & 63].utf8.count)
            }
        }
        BlackHole.consume(sink)
        return Clock.seconds(since: start)
    }
}

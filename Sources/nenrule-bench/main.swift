import Foundation
import NenRule

// nenrule-bench: measures the engine against its targets and prints every figure with the
// machine it was measured on. See README.md, "Performance".

#if DEBUG
let buildKind = "DEBUG build: figures not representative, use `swift run -c release nenrule-bench`"
#else
let buildKind = "release build"
#endif

func runBenchmark(_ arguments: [String]) throws {
    let options = try BenchOptions.parse(arguments)
    let work = (NSTemporaryDirectory() as NSString).appendingPathComponent("nenrule-bench-\(getpid())")
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: work) }
    let nenrule = options.parts.isDisjoint(with: "bcg") ? nil : try NenruleBinary.locate(options.nenrule, workDirectory: work)
    guard let graph = Frontend.load(path: options.guidelines).graph else {
        throw BenchError("`\(options.guidelines)` does not compile: run `nenrule check \(options.guidelines)`")
    }
    let date = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime])
    Report.say("nenrule-bench\(options.quick ? " --quick (sizes /10)" : "") — \(date) UTC, \(buildKind)")
    Report.say("machine: \(Machine.current().description)")
    Report.say("rule set: \(options.guidelines) (\(graph.decisions.count) decisions, \(graph.facts.count) facts), \(graph.digest.prefix(19))…")
    if let nenrule { Report.say("batch binary: \(nenrule)") }
    Report.say()
    var run = BenchRun(options: options, graph: graph, work: work)
    if options.parts.contains("a") { try run.evaluation() }
    if let nenrule {
        let batch = BatchBench(nenrule: nenrule, ruleSet: options.guidelines, workDirectory: work, runs: options.batchRuns)
        if options.parts.contains("b") { try run.batch(batch) }
        if options.parts.contains("c") { try run.trace(batch) }
        if options.parts.contains("g") { try run.diff(batch) }
    }
    if options.parts.contains("d") { try run.compile() }
    if options.parts.contains("f") { try run.editor() }
    run.summary()
}

/// `nenrule-bench cohort N FILE [RULES] [--realistic]`: a batch part's cohort (generated, or the
/// realistic one from the example records), kept for profiling `nenrule batch` by hand.
func writeCohort(_ arguments: [String]) throws {
    let realistic = arguments.contains("--realistic")
    let rest = arguments.filter { $0 != "--realistic" }
    guard rest.count >= 2, rest.count <= 3, let count = Int(rest[0]), count > 0 else {
        throw BenchError("usage: nenrule-bench cohort N FILE [RULES] [--realistic]", usage: true)
    }
    let rules = rest.count == 3 ? rest[2] : "Guidelines"
    guard let graph = Frontend.load(path: rules).graph else { throw BenchError("`\(rules)` does not compile") }
    let bytes: Int
    if realistic {
        guard let cohort = RealisticCohort(examples: (rules as NSString).appendingPathComponent("examples"), graph: graph) else {
            throw BenchError("no example records under `\(rules)/examples`")
        }
        bytes = try cohort.write(count: count, to: rest[1], seed: 3)
    } else {
        bytes = try Cohort(graph: graph).write(count: count, to: rest[1], seed: 1)
    }
    Report.say("wrote \(Report.grouped(count)) cases (\(Report.megabytes(bytes))) to \(rest[1])")
}

do {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if arguments.first == "peer" {
        try PeerEval.main(Array(arguments.dropFirst()))
    } else if arguments.first == "cohort" {
        try writeCohort(Array(arguments.dropFirst()))
    } else if arguments.contains("--help") || arguments.contains("-h") {
        print(BenchOptions.usage, terminator: "")
    } else {
        try runBenchmark(arguments)
    }
} catch {
    FileHandle.standardError.write(Data("nenrule-bench: \(error)\n".utf8))
    exit((error as? BenchError)?.isUsage == true ? 2 : 1)
}

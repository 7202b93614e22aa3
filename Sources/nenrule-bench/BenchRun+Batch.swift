import Foundation

extension BenchRun {
    /// Parts (b) and (e): two cohorts through every decision, with 1 and 2 jobs — the generated
    /// one (facts drawn one by one) and the realistic one (the example records, varied).
    mutating func batch(_ bench: BatchBench) throws {
        let count = options.cohortCases
        Report.say("(b) batch end to end: `nenrule batch \(options.guidelines) --cases FILE --jobs N > /dev/null`, the release binary as a child process,")
        Report.say("    \(Report.grouped(count)) cases over all \(graph.decisions.count) decisions; median of \(bench.runs) runs; (e) peak RSS is the largest of the runs")
        let generated = try batch(bench, Cohort(graph: graph), name: "generated", count: count, seed: 1)
        var peak = generated.map(\.peakRSSBytes).max() ?? 0
        let examples = (options.guidelines as NSString).appendingPathComponent("examples")
        if let cohort = RealisticCohort(examples: examples, graph: graph) {
            let realistic = try batch(bench, cohort, name: "realistic (\(cohort.records.count) example records, measurements varied ±30 %)", count: count, seed: 3)
            peak = max(peak, realistic.map(\.peakRSSBytes).max() ?? 0)
            let csv = try csvOutput(bench, cohort, count: count)
            judge("batch with CSV output, peak memory < 100 MB", Report.megabytes(csv.peakRSSBytes), csv.peakRSSBytes < 100_000_000)
            judge("batch of realistic records ≥ 200 000 cases/s, one job", "\(Report.grouped(Int(realistic[0].casesPerSecond))) cases/s", realistic[0].casesPerSecond >= 200_000)
        }
        judge("batch ≥ 200 000 cases/s, one job", "\(Report.grouped(Int(generated[0].casesPerSecond))) cases/s", generated[0].casesPerSecond >= 200_000)
        judge("peak memory of (b) < 100 MB", Report.megabytes(peak), peak < 100_000_000)
    }

    /// The realistic cohort with CSV results in the long layout, one job: memory must stay flat.
    func csvOutput(_ bench: BatchBench, _ cohort: some CohortWriter, count: Int) throws -> BatchFigure {
        let path = (work as NSString).appendingPathComponent("cohort.jsonl")
        _ = try cohort.write(count: count, to: path, seed: 3)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let figure = try bench.measure(path, count: count, jobs: 1, extra: ["--output-format", "csv"])
        Report.say("    realistic cohort, `--output-format csv` (long layout), 1 job: \(Report.fixed(figure.seconds, 2)) s, "
            + "\(Report.grouped(Int(figure.casesPerSecond))) cases/s, peak RSS \(Report.megabytes(figure.peakRSSBytes))")
        Report.say()
        return figure
    }

    /// One cohort: written, profiled, and run with 1 and 2 jobs.
    func batch(_ bench: BatchBench, _ cohort: some CohortWriter, name: String, count: Int, seed: UInt64) throws -> [BatchFigure] {
        let path = (work as NSString).appendingPathComponent("cohort.jsonl")
        let bytes = try cohort.write(count: count, to: path, seed: seed)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try bench.outputProfile(path, count: count)
        let runs = [try bench.measure(path, count: count, jobs: 1), try bench.measure(path, count: count, jobs: 2)]
        Report.say("    \(name) cohort: \(Report.megabytes(bytes)) of JSON Lines, \(bytes / count) bytes/case in, "
            + "\(Report.grouped(Int(output.bytesPerCase))) bytes/case out")
        Report.say("    per case: \(Report.fixed(output.decided, 1)) decisions decided, \(Report.fixed(output.undetermined, 1)) undetermined, "
            + "\(Report.fixed(output.notApplicable, 1)) not applicable (\(output.summary))")
        let rows = runs.map { [String($0.jobs), Report.fixed($0.seconds, 2), Report.grouped(Int($0.casesPerSecond)), Report.megabytes($0.peakRSSBytes)] }
        Report.say(Report.table(["jobs", "seconds", "cases/s", "peak RSS"], rows, right: [0, 1, 2, 3]))
        Report.say("    2 jobs / 1 job: \(Report.ratio(runs[1].casesPerSecond / runs[0].casesPerSecond)) the throughput")
        Report.say()
        return runs
    }

    /// Part (c): the same kind of cohort, smaller, with and without `--trace`.
    mutating func trace(_ bench: BatchBench) throws {
        let path = (work as NSString).appendingPathComponent("trace.jsonl")
        let count = options.traceCases
        _ = try Cohort(graph: graph).write(count: count, to: path, seed: 2)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Plain and traced runs alternate, and the ratio is the median of each pair's: the
        // machine's speed drifts by more than the effect between two blocks of runs.
        let single = BatchBench(nenrule: bench.nenrule, ruleSet: bench.ruleSet, workDirectory: bench.workDirectory, runs: 1)
        var pairs: [(plain: BatchFigure, traced: BatchFigure)] = []
        for _ in 0..<options.tracePairs {
            pairs.append((try single.measure(path, count: count, jobs: 1), try single.measure(path, count: count, jobs: 1, trace: true)))
        }
        let ratios = pairs.map { $0.traced.seconds / $0.plain.seconds }
        let ratio = median(ratios)
        let plain = BatchFigure(cases: count, jobs: 1, trace: false, seconds: median(pairs.map(\.plain.seconds)), peakRSSBytes: 0)
        let traced = BatchFigure(cases: count, jobs: 1, trace: true, seconds: median(pairs.map(\.traced.seconds)), peakRSSBytes: 0)
        let plainBytes = try bench.outputProfile(path, count: count).bytesPerCase
        let tracedBytes = try bench.outputProfile(path, count: count, trace: true).bytesPerCase
        Report.say("(c) cost of --trace: \(Report.grouped(count)) generated cases, 1 job, \(pairs.count) alternating pairs of runs, medians")
        let rows = [(plain, plainBytes, "plain"), (traced, tracedBytes, "--trace")].map { figure, bytes, name in
            [name, Report.fixed(figure.seconds, 2), Report.grouped(Int(figure.casesPerSecond)), Report.grouped(Int(bytes))]
        }
        Report.say(Report.table(["run", "seconds", "cases/s", "output bytes/case"], rows, right: [1, 2, 3]))
        Report.say("    --trace / plain: \(Report.ratio(ratio)) the time (pairs: \(ratios.sorted().map { Report.ratio($0) }.joined(separator: ", "))), \(Report.ratio(tracedBytes / plainBytes)) the output")
        Report.say()
        judge("--trace ≤ 2x the time of a plain batch", Report.ratio(ratio), ratio <= 2)
    }
}

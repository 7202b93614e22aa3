import Foundation
import NenRule

/// One benchmark run: each part prints its section as it finishes and adds its verdicts.
struct BenchRun {
    let options: BenchOptions
    let graph: DecisionGraph
    /// A fresh temporary directory for cohorts and generated rules, removed at the end.
    let work: String
    var verdicts: [Verdict] = []

    /// Every hand-written floor, in report order.
    static var floors: [any HandWritten.Type] {
        [RectalManagement.self, AppendicealManagement.self, FollowupInterval.self, LiverAblation.self, GepGrading.self]
    }

    mutating func judge(_ target: String, _ measured: String, _ met: Bool) {
        verdicts.append(Verdict(target: target, measured: measured, met: met))
    }

    /// Part (a).
    mutating func evaluation() throws {
        let generated = try GeneratedCode(graph: graph, work: work)
        let bench = EvaluationBench(graph: graph, generated: generated, cases: options.evaluationCases, runs: options.evaluationRuns, passes: options.evaluationPasses)
        let figures = try Self.floors.map { try measure($0, bench) }
        Report.say("(a) evaluation only: engine (reset + write slots + run + read status/outputs) vs a hand-written Swift function")
        Report.say("    \(Report.grouped(bench.cases)) fully-known cases per decision, generated and converted before timing; the same work")
        Report.say("    again on the first \(Report.grouped(EvaluationBench.hotCases)) cases only (in cache); medians of \(bench.runs) interleaved runs, ns/case;")
        Report.say("    C: the generated code (`nenrule build --target c`, cc -O2, \(Report.fixed(generated.compileSeconds, 1)) s to compile) through nenrule_decide_rows")
        let rows = figures.map { figure in
            [figure.decision, "\(figure.agreed)/\(figure.cases)"] + [figure.all, figure.hot].flatMap {
                [Report.fixed($0.engine, 1), Report.fixed($0.generated, 2), Report.fixed($0.floor, 2), Report.ratio($0.ratio), Report.ratio($0.generatedRatio)]
            }
        }
        Report.say(Report.table(["decision", "agree", "engine", "C", "floor", "engine/floor", "C/floor",
                                 "in cache: engine", "C", "floor", "engine/floor", "C/floor"], rows, right: Set(1...11)))
        Report.say()
        try halfMissing(bench, figures)
        for figure in figures {
            let measured = "\(Report.ratio(figure.all.ratio)) (\(Report.fixed(figure.all.engine, 1)) vs \(Report.fixed(figure.all.floor, 2)) ns); in cache \(Report.ratio(figure.hot.ratio))"
            judge("evaluation \(figure.decision) within 3x of hand-written", measured, figure.all.ratio <= 3)
            let native = "\(Report.ratio(figure.all.generatedRatio)) (\(Report.fixed(figure.all.generated, 2)) vs \(Report.fixed(figure.all.floor, 2)) ns); in cache \(Report.ratio(figure.hot.generatedRatio))"
            judge("generated C \(figure.decision) within 1.5x of hand-written", native, figure.all.generatedRatio <= 1.5)
        }
    }

    /// Part (a), second table: the same decisions with half of each case's facts missing.
    mutating func halfMissing(_ bench: EvaluationBench, _ figures: [EvaluationFigure]) throws {
        let count = max(200, bench.cases / 50)
        let rows = try zip(Self.floors, figures).map { type, figure -> [String] in
            let half = try measureHalfMissing(type, bench, count)
            return [figure.decision, "\(half.decided)/\(half.cases)", Report.fixed(half.first, 1), Report.fixed(half.nanoseconds, 1),
                    Report.fixed(figure.all.engine, 1), Report.ratio(half.nanoseconds / figure.all.engine), Report.ratio(half.nanoseconds / figure.all.floor)]
        }
        Report.say("    the same decisions with every other fact missing (\(Report.grouped(count)) cases each): exact answers over the missing facts;")
        Report.say("    first pass: each case explored (or met in the answer memo by an earlier case with the same cells); repeated: the median")
        Report.say("    of the later passes over the same cases, answered from the memo")
        Report.say(Report.table(["decision", "decided", "first pass", "repeated", "fully known", "repeated/full", "repeated/floor"], rows, right: Set(1...6)))
        Report.say()
    }

    func measureHalfMissing<D: HandWritten>(_ type: D.Type, _ bench: EvaluationBench, _ count: Int) throws -> (first: Double, nanoseconds: Double, decided: Int, cases: Int) {
        try bench.measureHalfMissing(type, cases: count)
    }

    /// Opens the existential so the timing loop is specialised for each hand-written function.
    func measure<D: HandWritten>(_ type: D.Type, _ bench: EvaluationBench) throws -> EvaluationFigure {
        try bench.measure(type)
    }

    /// Part (d).
    mutating func compile() throws {
        let bench = CompileBench(runs: options.compileRuns)
        let synthetic = (work as NSString).appendingPathComponent("synthetic")
        try SyntheticRuleSet(decisions: options.syntheticDecisions).write(to: synthetic)
        let bundled = try bench.measure("bundled guideline (\(options.guidelines))", path: options.guidelines)
        let generated = try bench.measure("generated rule set", path: synthetic)
        Report.say("(d) check + compile in-process (Frontend.load: read, lex, parse, check, compile), median of \(bench.runs) runs after a warm-up")
        let rows = [bundled, generated].map { [$0.name, Report.grouped($0.decisions), Report.fixed($0.milliseconds, 1)] }
        Report.say(Report.table(["rule set", "decisions", "ms"], rows, right: [1, 2]))
        Report.say()
        judge("Guidelines check+compile < 50 ms", "\(Report.fixed(bundled.milliseconds, 1)) ms", bundled.milliseconds < 50)
        judge("\(Report.grouped(generated.decisions)) decisions check+compile < 1 s", "\(Report.fixed(generated.milliseconds, 0)) ms", generated.milliseconds < 1000)
    }

    mutating func editor() throws {
        let figure = try EditorBench(edits: options.editorEdits).measure(guidelines: options.guidelines)
        Report.say("(f) language server: re-check after a one-character edit in the largest file (\(figure.file)), \(figure.edits) edits")
        Report.say("    from `didChange` to published diagnostics: the rule set checked again, the file's decisions linted")
        let rows = [["first open (check + lint)", Report.fixed(figure.firstMilliseconds, 1)],
                    ["edit, median", Report.fixed(figure.medianMilliseconds, 1)], ["edit, maximum", Report.fixed(figure.maxMilliseconds, 1)]]
        Report.say(Report.table(["", "ms"], rows, right: [1]))
        Report.say()
        judge("re-check after an edit < 100 ms (median)", "\(Report.fixed(figure.medianMilliseconds, 1)) ms", figure.medianMilliseconds < 100)
    }

    /// Part (g): `diff --cases` against `batch` on the same realistic cohort.
    mutating func diff(_ batch: BatchBench) throws {
        let count = options.diffCases
        let examples = (options.guidelines as NSString).appendingPathComponent("examples")
        guard let cohort = RealisticCohort(examples: examples, graph: graph) else { throw BenchError("no example records under `\(examples)`") }
        let path = (work as NSString).appendingPathComponent("diff-cohort.jsonl")
        let bytes = try cohort.write(count: count, to: path, seed: 5)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bench = DiffBench(nenrule: batch.nenrule, ruleSet: options.guidelines, workDirectory: work, runs: batch.runs)
        let figure = try bench.measure(cohort: path, count: count)
        Report.say("(g) `nenrule diff OLD NEW --cases FILE` on \(Report.grouped(count)) realistic cases (\(Report.megabytes(bytes))), every decision, against `nenrule batch` on the same file;")
        Report.say("    NEW moves the grading table's G3 Ki-67 cut-off from 20 % to 25 %; median of \(bench.runs) interleaved runs, one job")
        let rows = [["batch", Report.fixed(figure.batchSeconds, 2), Report.grouped(Int(Double(count) / figure.batchSeconds))],
                    ["diff --cases", Report.fixed(figure.diffSeconds, 2), Report.grouped(Int(Double(count) / figure.diffSeconds))]]
        Report.say(Report.table(["run", "seconds", "cases/s"], rows, right: [1, 2]))
        Report.say("    diff / batch: \(Report.ratio(figure.diffSeconds / figure.batchSeconds)) the time; \(Report.grouped(figure.changedCases)) cases changed; peak RSS of diff \(Report.megabytes(figure.peakRSSBytes))")
        Report.say()
        judge("diff --cases within 3x of batch's time", Report.ratio(figure.diffSeconds / figure.batchSeconds), figure.diffSeconds <= 3 * figure.batchSeconds)
        judge("diff --cases peak memory < 100 MB", Report.megabytes(figure.peakRSSBytes), figure.peakRSSBytes < 100_000_000)
    }

    /// The verdicts, one per target.
    func summary() {
        let suffix = options.quick ? " (quick)" : ""
        let rows = verdicts.map { [$0.target, $0.measured, ($0.met ? "MET" : "MISSED") + suffix] }
        Report.say("targets" + (options.quick ? " — quick run, sizes /10: indicative only" : ""))
        Report.say(Report.table(["target", "measured", "verdict"], rows))
    }
}

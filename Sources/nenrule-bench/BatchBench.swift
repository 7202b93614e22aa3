import Foundation

/// One configuration of `nenrule batch` on one cohort: the median of several runs.
struct BatchFigure {
    var cases: Int
    var jobs: Int
    var trace: Bool
    var seconds: Double
    /// The largest peak RSS of any of the runs.
    var peakRSSBytes: Int
    var casesPerSecond: Double { Double(cases) / seconds }
}

/// Parts (b), (c) and (e): the real release binary as a child process, end to end, from
/// reading the cases file to writing every result line (to /dev/null, so the figure is the
/// engine's and not a disk's).
struct BatchBench {
    let nenrule: String
    let ruleSet: String
    let workDirectory: String
    let runs: Int

    func arguments(_ cases: String, jobs: Int, trace: Bool) -> [String] {
        ["batch", ruleSet, "--cases", cases, "--jobs", String(jobs)] + (trace ? ["--trace"] : [])
    }

    /// `extra`: more arguments, such as `--output-format csv`.
    func measure(_ cases: String, count: Int, jobs: Int, trace: Bool = false, extra: [String] = []) throws -> BatchFigure {
        var seconds: [Double] = [], peak = 0
        for _ in 0..<runs {
            let outcome = try run(arguments(cases, jobs: jobs, trace: trace) + extra, output: .discard)
            seconds.append(outcome.seconds)
            peak = max(peak, outcome.maxRSSBytes)
        }
        return BatchFigure(cases: count, jobs: jobs, trace: trace, seconds: median(seconds), peakRSSBytes: peak)
    }

    /// What one run writes: from a run into a counting pipe, with its `--summary`.
    struct OutputProfile {
        var bytesPerCase: Double
        /// The summary's first line (`N cases, E error lines`).
        var summary: String
        /// Mean decisions per case by status: decided, undetermined, not applicable.
        var decided = 0.0, undetermined = 0.0, notApplicable = 0.0
    }

    func outputProfile(_ cases: String, count: Int, trace: Bool = false) throws -> OutputProfile {
        let summaryPath = (workDirectory as NSString).appendingPathComponent("summary.json")
        let outcome = try run(arguments(cases, jobs: 1, trace: trace) + ["--summary", summaryPath], output: .count)
        var profile = OutputProfile(bytesPerCase: Double(outcome.outputBytes) / Double(count),
                                    summary: outcome.stderr.split(separator: "\n").first.map(String.init) ?? "")
        let data = try Data(contentsOf: URL(fileURLWithPath: summaryPath))
        let decisions = ((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["decisions"] as? [[String: Any]]) ?? []
        let total = { (key: String) in Double(decisions.reduce(0) { $0 + (($1[key] as? Int) ?? 0) }) / Double(count) }
        (profile.decided, profile.undetermined, profile.notApplicable) = (total("decided"), total("undetermined"), total("not_applicable"))
        return profile
    }

    /// One run; a failed run ends the benchmark, since its time would not be a batch's.
    func run(_ arguments: [String], output: Subprocess.Output) throws -> Subprocess.Outcome {
        let stderrPath = (workDirectory as NSString).appendingPathComponent("batch.stderr")
        let outcome = try Subprocess(executable: nenrule, arguments: arguments).run(output: output, stderrPath: stderrPath)
        guard outcome.exitStatus == 0 else {
            let head = outcome.stderr.split(separator: "\n").prefix(5).joined(separator: "\n")
            throw BenchError("`nenrule \(arguments.joined(separator: " "))` exited with \(outcome.exitStatus):\n\(head)")
        }
        return outcome
    }
}

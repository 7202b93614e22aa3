import Foundation

/// Part (g): `nenrule diff --cases` on a realistic cohort against `nenrule batch` on the same
/// cohort, both the release binary as a child process, interleaved: the cohort mode must stay in
/// batch's speed class. The new version is the bundled rule set with the G3 Ki-67 cut-off of
/// the grading table moved from 20 % to 25 %, so that answers really change downstream.
struct DiffFigure {
    var cases: Int
    var diffSeconds: Double
    var batchSeconds: Double
    var peakRSSBytes: Int
    var changedCases: Int
}

struct DiffBench {
    let nenrule: String
    let ruleSet: String
    let workDirectory: String
    let runs: Int

    static let edit = (file: "grading/grading.nenrule", from: "and ki67 > 20 %          => G3", to: "and ki67 > 25 %          => G3")

    /// A copy of the rule set with the edit made.
    func nextVersion() throws -> String {
        let next = (workDirectory as NSString).appendingPathComponent("next")
        try? FileManager.default.removeItem(atPath: next)
        try FileManager.default.copyItem(atPath: ruleSet, toPath: next)
        let path = (next as NSString).appendingPathComponent(Self.edit.file)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard text.contains(Self.edit.from) else { throw BenchError("`\(Self.edit.file)` no longer holds `\(Self.edit.from)`: update DiffBench.edit") }
        try text.replacingOccurrences(of: Self.edit.from, with: Self.edit.to).write(toFile: path, atomically: true, encoding: .utf8)
        return next
    }

    func measure(cohort: String, count: Int) throws -> DiffFigure {
        let next = try nextVersion()
        var diff: [Double] = [], batch: [Double] = [], peak = 0, changed = 0
        let stderrPath = (workDirectory as NSString).appendingPathComponent("diff.stderr")
        for _ in 0..<runs {
            let a = try Subprocess(executable: nenrule, arguments: ["diff", ruleSet, next, "--cases", cohort, "--format", "json"])
                .run(output: .discard, stderrPath: stderrPath)
            guard a.exitStatus == 0 || a.exitStatus == 1 else { throw BenchError("`nenrule diff --cases` exited with \(a.exitStatus): \(a.stderr.prefix(400))") }
            diff.append(a.seconds)
            peak = max(peak, a.maxRSSBytes)
            let b = try Subprocess(executable: nenrule, arguments: ["batch", ruleSet, "--cases", cohort]).run(output: .discard, stderrPath: stderrPath)
            guard b.exitStatus == 0 else { throw BenchError("`nenrule batch` exited with \(b.exitStatus)") }
            batch.append(b.seconds)
        }
        // Standard output into the standard-error file: the summary is its last lines.
        let summary = try Subprocess(executable: nenrule, arguments: ["diff", ruleSet, next, "--cases", cohort]).run(output: .sameAsStderr, stderrPath: stderrPath)
        if let line = summary.stderr.split(separator: "\n").last(where: { $0.contains("with a changed answer") }),
           let number = line.split(separator: ",").dropFirst().first?.split(separator: " ").first { changed = Int(number) ?? 0 }
        return DiffFigure(cases: count, diffSeconds: median(diff), batchSeconds: median(batch), peakRSSBytes: peak, changedCases: changed)
    }
}

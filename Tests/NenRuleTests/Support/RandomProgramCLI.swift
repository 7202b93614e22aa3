import Foundation
import Testing
@testable import NenRule

/// One generated rule set through the built `nenrule`, as a user runs it: every command ends
/// cleanly, `check` accepts it, `fmt` rewrites it to a file `fmt --check` accepts, and `eval`
/// and `batch` answer every case (RobustnessTests' `CLIProcess` runs the binary).
struct RandomProgramCLI {
    let check: RandomProgramCheck
    let directory: URL

    init(seed: UInt64) throws {
        check = RandomProgramCheck(seed: seed, cases: 4)
        directory = try Scratch.directory("random")
        try check.program.text.write(to: file("rules.nenrule"), atomically: true, encoding: .utf8)
        try (check.cases.joined(separator: "\n") + "\n").write(to: file("cases.jsonl"), atomically: true, encoding: .utf8)
        try check.cases[0].write(to: file("case.json"), atomically: true, encoding: .utf8)
    }

    func file(_ name: String) -> URL { directory.appendingPathComponent(name) }

    var seed: String { "seed \(check.program.seed)" }

    /// Runs `nenrule ARGUMENTS` in the scratch directory; it must end cleanly.
    @discardableResult
    func run(_ arguments: [String], status: ClosedRange<Int32> = 0...1) throws -> CLIResult {
        let result = try CLIProcess.run(arguments, directory: directory, timeout: 60)
        expectBoring(result, seed)
        #expect(status.contains(result.status), "\(seed): \(result.summary)")
        return result
    }

    func run() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = file("rules.nenrule").path
        try run(["check", rules], status: 0...0)
        try run(["lint", rules, "--format", "sarif"])
        try run(["test", rules])
        for decision in check.program.decisions.prefix(2) {
            try run(["explain", rules, "--decision", decision.id, "--format", "markdown"], status: 0...0)
        }
        for format in ["dot", "mermaid", "json"] { try run(["graph", rules, "--format", format], status: 0...0) }
        let eval = try run(["eval", rules, "--facts", file("case.json").path, "--format", "json"])
        #expect((try? JSONReader.parse(eval.stdout).get()) != nil, "\(seed): eval JSON does not parse")
        let batch = try run(["batch", rules, "--cases", file("cases.jsonl").path, "--jobs", "2"])
        #expect(batch.stdout.split(separator: UInt8(ascii: "\n")).count == check.cases.count, "\(seed): \(batch.summary)")
        try run(["fmt", rules], status: 0...0)
        try run(["fmt", "--check", rules], status: 0...0)
    }
}

import Foundation
import Testing
@testable import NenRule

/// The same input gives byte-identical output, run after run and job count after job count:
/// every command whose output is meant to be diffed, cached or signed runs twice through the
/// built `nenrule` and the bytes are compared.
@Suite("determinism")
struct DeterminismTests {
    static let guidelines = Fixtures.guidelines

    static let examples: [String] = {
        let directory = guidelines + "/examples"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { directory + "/" + $0 }
    }()

    /// Runs the command twice; both runs must succeed (or fail) alike with the same bytes.
    @discardableResult
    static func expectSameTwice(_ arguments: [String], stdin: [UInt8] = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        let first = try CLIProcess.run(arguments, stdin: stdin, directory: Fixtures.repositoryRoot)
        let second = try CLIProcess.run(arguments, stdin: stdin, directory: Fixtures.repositoryRoot)
        #expect(first.endedCleanly && first.status == second.status, "\(first.summary)\n\(second.summary)", sourceLocation: sourceLocation)
        #expect(!first.stdout.isEmpty, "\(first.summary)", sourceLocation: sourceLocation)
        #expect(first.stdout == second.stdout, "`nenrule \(arguments.joined(separator: " "))` differs between runs:\n\(Golden.diff(first.stdoutText, second.stdoutText))", sourceLocation: sourceLocation)
        return first
    }

    @Test(arguments: examples)
    func evalJSON(example: String) throws {
        try Self.expectSameTwice(["eval", Self.guidelines, "--facts", example, "--format", "json"])
        try Self.expectSameTwice(["eval", Self.guidelines, "--facts", example, "--format", "json", "--trace"])
    }

    /// The examples as one cohort, one case per line.
    static func cohort() throws -> [UInt8] {
        let lines = try examples.map { path -> [UInt8] in
            let json = try JSONReader.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))).get()
            return Array(JSONNode(json).render(pretty: false).utf8)
        }
        return Array(lines.joined(separator: [UInt8(ascii: "\n")])) + [UInt8(ascii: "\n")]
    }

    @Test(arguments: [[], ["--trace"], ["--all-decisions"]])
    func batchWithOneAndTwoJobs(extra: [String]) throws {
        let input = try Self.cohort()
        let base = ["batch", Self.guidelines, "--cases", "-"] + extra
        let one = try Self.expectSameTwice(base + ["--jobs", "1"], stdin: input)
        let two = try Self.expectSameTwice(base + ["--jobs", "2"], stdin: input)
        #expect(one.stdout == two.stdout, "--jobs 1 and --jobs 2 differ:\n\(Golden.diff(one.stdoutText, two.stdoutText))")
    }

    @Test(arguments: ["json", "sarif"])
    func lint(format: String) throws {
        try Self.expectSameTwice(["lint", Self.guidelines, "--format", format])
    }

    @Test(arguments: ["json", "dot"])
    func graph(format: String) throws {
        try Self.expectSameTwice(["graph", Self.guidelines, "--format", format])
        try Self.expectSameTwice(["graph", Self.guidelines, "--format", format, "--decision", "rectal_net.management"])
    }
}

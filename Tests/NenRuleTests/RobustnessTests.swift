import Foundation
import Testing
@testable import NenRule

// Hostile input through the built `nenrule` binary: every run must end with exit status 0, 1 or
// 2 — never a signal, never a hang — and say why when it is not 0. Regression tests for what the
// fuzzers (Tests/Fuzz) found feed the same bytes through the same library API.

/// How one run of the CLI ended, with everything it wrote.
struct CLIResult: Sendable {
    var arguments: [String]
    var status: Int32
    var exited: Bool
    var timedOut: Bool
    var stdout: [UInt8]
    var stderr: [UInt8]

    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    /// Ended by `exit` with a documented code, in time.
    var endedCleanly: Bool { !timedOut && exited && (0...2).contains(status) }

    /// One paragraph for an issue: the command, how it ended, and the start of stderr.
    var summary: String {
        let ending = timedOut ? "timed out" : exited ? "exit \(status)" : "killed by signal \(status)"
        return "`nenrule \(arguments.joined(separator: " "))`: \(ending)\n\(stderrText.prefix(600))"
    }
}

/// Runs the `nenrule` built next to the test bundle, with files for stdin, stdout and stderr
/// (pipes could fill up and stall both sides) and a deadline.
final class CLIProcess: @unchecked Sendable {
    /// The debug build directory holds `nenrule` beside the test bundle.
    static let executable: URL? = {
        let directories = [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
            + Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        return directories.map { $0.appendingPathComponent("nenrule") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    let arguments: [String]
    let process = Process()
    let scratch: URL
    private let ended = DispatchSemaphore(value: 0)

    /// Starts `nenrule ARGUMENTS` in `directory` (default: a fresh scratch directory).
    init(_ arguments: [String], stdin: [UInt8] = [], directory: URL? = nil) throws {
        guard let executable = CLIProcess.executable else {
            throw CLIError(message: "no `nenrule` binary next to the test bundle; build the package first")
        }
        self.arguments = arguments
        scratch = try Scratch.directory("cli")
        try Data(stdin).write(to: scratch.appendingPathComponent("stdin"))
        for name in ["stdout", "stderr"] { _ = FileManager.default.createFile(atPath: scratch.appendingPathComponent(name).path, contents: nil) }
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? scratch
        // A crash should end the process at once, not wait for Swift's backtracer.
        process.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { $1 }
        process.standardInput = try FileHandle(forReadingFrom: scratch.appendingPathComponent("stdin"))
        process.standardOutput = try FileHandle(forWritingTo: scratch.appendingPathComponent("stdout"))
        process.standardError = try FileHandle(forWritingTo: scratch.appendingPathComponent("stderr"))
        let ended = self.ended
        process.terminationHandler = { _ in ended.signal() }
        try process.run()
    }

    /// Waits until the process ends or `timeout` passes (then kills it), and collects output.
    func finish(timeout: Double = 120) -> CLIResult {
        let timedOut = ended.wait(timeout: .now() + timeout) == .timedOut
        if timedOut {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        defer { try? FileManager.default.removeItem(at: scratch) }
        let read = { (name: String) in [UInt8]((try? Data(contentsOf: self.scratch.appendingPathComponent(name))) ?? Data()) }
        return CLIResult(arguments: arguments, status: process.terminationStatus, exited: process.terminationReason == .exit,
                         timedOut: timedOut, stdout: read("stdout"), stderr: read("stderr"))
    }

    /// Runs to the end (or the deadline).
    static func run(_ arguments: [String], stdin: [UInt8] = [], directory: URL? = nil, timeout: Double = 120) throws -> CLIResult {
        try CLIProcess(arguments, stdin: stdin, directory: directory).finish(timeout: timeout)
    }
}

struct CLIError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Fresh temporary directories, one per use.
enum Scratch {
    static func directory(_ purpose: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nenrule-\(purpose)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// The run ended cleanly and, when it failed, said something.
func expectBoring(_ result: CLIResult, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.endedCleanly, "\(context): \(result.summary)", sourceLocation: sourceLocation)
    if result.endedCleanly, result.status != 0 {
        #expect(!(result.stdout.isEmpty && result.stderr.isEmpty), "\(context): exit \(result.status) without a diagnostic", sourceLocation: sourceLocation)
    }
}

// MARK: - mutated rule files

/// Mutations draw from the library's seedable generator, seeded by file and mutation name, so
/// every run mutates the same bytes.
extension SplitMix64 {
    mutating func index(below count: Int) -> Int { count == 0 ? 0 : Int(next() % UInt64(count)) }
}

/// One way to damage a rule file.
struct Mutation: Sendable {
    var name: String
    var apply: @Sendable ([UInt8], inout SplitMix64) -> [UInt8]

    static let all: [Mutation] = [
        Mutation(name: "truncated at a third") { bytes, _ in Array(bytes.prefix(bytes.count / 3)) },
        Mutation(name: "truncated inside a token") { bytes, random in Array(bytes.prefix(bytes.count / 2 + random.index(below: 7))) },
        Mutation(name: "truncated inside a string") { bytes, _ in
            Array(bytes.prefix((bytes.firstIndex(of: UInt8(ascii: "\"")) ?? bytes.count / 2) + 3))
        },
        Mutation(name: "8 bytes flipped") { bytes, random in
            var out = bytes
            for _ in 0..<8 where !out.isEmpty { out[random.index(below: out.count)] ^= UInt8(truncatingIfNeeded: random.next()) | 1 }
            return out
        },
        Mutation(name: "invalid UTF-8") { bytes, random in
            var out = bytes
            for bad: [UInt8] in [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xE2, 0x82]] {
                out.insert(contentsOf: bad, at: random.index(below: out.count + 1))
            }
            return out
        },
        Mutation(name: "5000 open parentheses in a condition") { bytes, _ in
            insert(String(repeating: "(", count: 5000), after: "when ", in: bytes,
                   orAppend: "decision fuzz.deep \"deep\" {\n  when \(String(repeating: "(", count: 5000))x > 1 => y\n}\n")
        },
        Mutation(name: "a 400-digit number") { bytes, _ in
            let digits = String(repeating: "9", count: 400)
            return insert(digits, after: "> ", in: bytes, orAppend: "fact fuzz_big: number range >= \(digits)\n")
        },
    ]

    /// `text` inserted after the first `marker`, or `fallback` appended when there is none.
    static func insert(_ text: String, after marker: String, in bytes: [UInt8], orAppend fallback: String) -> [UInt8] {
        let needle = Array(marker.utf8)
        guard let start = bytes.indices.first(where: { bytes[$0...].starts(with: needle) }) else {
            return bytes + Array(("\n" + fallback).utf8)
        }
        var out = bytes
        out.insert(contentsOf: Array(text.utf8), at: start + needle.count)
        return out
    }
}

/// Mutated copies of the bundled rule files, each checked beside an intact copy of `common/`
/// (so names resolve and the checker goes past the first unknown fact).
enum MutatedRules {
    static let guidelines = URL(fileURLWithPath: Fixtures.guidelines)

    /// Every `.nenrule` file under Guidelines/, relative and sorted.
    static let files: [String] = {
        let all = FileManager.default.enumerator(atPath: guidelines.path)?.allObjects as? [String] ?? []
        return all.filter { $0.hasSuffix(".nenrule") }.sorted()
    }()

    /// A rule set of `common/` plus the mutated file (replacing its original when it is common).
    static func ruleSet(_ file: String, _ mutation: Mutation) throws -> URL {
        let root = try Scratch.directory("mutated")
        try FileManager.default.copyItem(at: guidelines.appendingPathComponent("common"), to: root.appendingPathComponent("common"))
        var random = SplitMix64(seed: file + mutation.name)
        let original = [UInt8](try Data(contentsOf: guidelines.appendingPathComponent(file)))
        let target = root.appendingPathComponent(file)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(mutation.apply(original, &random)).write(to: target)
        return root
    }

    /// The mutations a file gets: `count` of them, rotating so each kind meets every kind of file.
    static func mutations(for file: String, count: Int, offset: Int = 0) -> [Mutation] {
        let position = files.firstIndex(of: file) ?? 0
        return (0..<count).map { Mutation.all[(position * count + offset + $0) % Mutation.all.count] }
    }
}

@Suite("robustness: mutated rule files")
struct MutatedRuleFileTests {
    /// Three mutations of every file through `check`; every fourth file also through `lint`
    /// and `fmt --check` (they are slower, and share the front end `check` covers).
    @Test(arguments: MutatedRules.files)
    func mutatedFileEndsCleanly(file: String) throws {
        for mutation in MutatedRules.mutations(for: file, count: 3) {
            let root = try MutatedRules.ruleSet(file, mutation)
            defer { try? FileManager.default.removeItem(at: root) }
            expectBoring(try CLIProcess.run(["check", root.path]), "check \(file), \(mutation.name)")
        }
        guard (MutatedRules.files.firstIndex(of: file) ?? 0) % 4 == 0 else { return }
        let mutation = MutatedRules.mutations(for: file, count: 1, offset: 1)[0]
        let root = try MutatedRules.ruleSet(file, mutation)
        defer { try? FileManager.default.removeItem(at: root) }
        expectBoring(try CLIProcess.run(["lint", root.path]), "lint \(file), \(mutation.name)")
        expectBoring(try CLIProcess.run(["fmt", "--check", root.appendingPathComponent(file).path]), "fmt --check \(file), \(mutation.name)")
    }

    /// An import that climbs out of the rule-set root, or names an absolute path, is refused.
    @Test(arguments: ["../../etc/passwd", "/etc/passwd"])
    func importOutsideTheRootIsAnError(target: String) throws {
        let root = try Scratch.directory("import")
        defer { try? FileManager.default.removeItem(at: root) }
        try "import \"\(target)\"\n".write(to: root.appendingPathComponent("rules.nenrule"), atomically: true, encoding: .utf8)
        let result = try CLIProcess.run(["check", root.path])
        #expect(result.exited && result.status == 1, "\(result.summary)")
        #expect(result.stdoutText.contains("error[import-outside-root]"), "\(result.stdoutText)")
        #expect(!result.stdoutText.contains("error[io]"), "the import was followed: \(result.stdoutText)")
    }
}

// MARK: - hostile facts

/// A case that no reader should trust.
struct HostileCase: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var testDescription: String { name }

    init(_ name: String, _ text: String) { self.init(name, Array(text.utf8)) }
    init(_ name: String, _ bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    static let deepArray = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)

    static let all: [HostileCase] = [
        HostileCase("1e400", #"{"tumor_size": 1e400}"#),
        HostileCase("NaN%", #"{"ki67": "NaN%"}"#),
        HostileCase("12 parsecs", #"{"tumor_size": "12 parsecs"}"#),
        HostileCase("unknown fact", #"{"tumour_size": "8 mm"}"#),
        HostileCase("array for an enum", #"{"primary_site": ["rectum"]}"#),
        HostileCase("object for an enum", #"{"primary_site": {"site": "rectum"}}"#),
        HostileCase("number for an enum", #"{"primary_site": 3}"#),
        HostileCase("10 000 nested arrays", deepArray),
        HostileCase("10 000 nested arrays in a fact", #"{"tumor_size": "# + deepArray + "}"),
        HostileCase("empty input", ""),
        HostileCase("null", "null"),
        HostileCase("a bare string", #""rectum""#),
        HostileCase("invalid UTF-8 in a value", Array(#"{"primary_site": "rect"#.utf8) + [0xFF] + Array(#"um"}"#.utf8)),
        HostileCase("invalid UTF-8 bytes", [0xFF, 0xFE, 0xC3]),
    ]
}

@Suite("robustness: hostile facts")
struct HostileFactsTests {
    static let guidelines = Fixtures.guidelines

    @Test(arguments: HostileCase.all)
    func evalRejectsWithADiagnostic(hostile: HostileCase) throws {
        let result = try CLIProcess.run(["eval", Self.guidelines, "--facts", "-"], stdin: hostile.bytes)
        expectBoring(result, "eval \(hostile.name)")
        #expect(result.status == 1 && result.stderrText.contains("error["), "\(result.summary)")
    }

    /// One error line per hostile line (none for empty input), exit 1.
    @Test(arguments: HostileCase.all)
    func batchWritesOneErrorLine(hostile: HostileCase) throws {
        let result = try CLIProcess.run(["batch", Self.guidelines, "--cases", "-"], stdin: hostile.bytes)
        expectBoring(result, "batch \(hostile.name)")
        let lines = result.stdoutText.split(separator: "\n")
        if hostile.bytes.isEmpty {
            #expect(result.status == 0 && lines.isEmpty, "\(result.summary)")
            return
        }
        #expect(result.status == 1, "\(result.summary)")
        #expect(lines.count == 1 && lines.first?.contains(#""error":{"#) == true, "\(result.stdoutText.prefix(400))")
    }
}

// MARK: - batch with good and bad lines

/// A cohort of good and hostile lines, each with the id its output line must carry.
enum MixedCohort {
    /// (line, the `case_id` JSON its output carries, or nil for the line number; whether it is good)
    static let jsonLines: [(text: [UInt8], id: String?, good: Bool)] = [
        (Array(#"{"case_id":"good-1","primary_site":"rectum","tumor_size":"8 mm","grade":"G1"}"#.utf8), #""good-1""#, true),
        (Array(#"{"case_id":"big","tumor_size":1e400}"#.utf8), #""big""#, false),
        (Array("null".utf8), nil, false),
        ([], nil, false),
        (Array(#"{"case_id":"nan","ki67":"NaN%"}"#.utf8), #""nan""#, false),
        (Array(HostileCase.deepArray.utf8), nil, false),
        (Array(#"{"case_id":7,"tumor_size":"12 parsecs"}"#.utf8), "7", false),
        (Array(#"{"case_id":"bad"#.utf8) + [0xFF] + Array(#"","primary_site":"rectum"}"#.utf8), nil, false),
        (Array(#""bare""#.utf8), nil, false),
        (Array(#"{"case_id":"good-2","primary_site":"colon"}"#.utf8), #""good-2""#, true),
        (Array(#"{"case_id":+3,"primary_site":"colon"}"#.utf8), nil, false),
        (Array(#"{"case_id":"plus","tumor_size":+8}"#.utf8), nil, false),
    ]

    static let csvRows: [(text: String, id: String?, good: Bool)] = [
        ("c1,rectum,8 mm,G1", #""c1""#, true),
        ("c2,rectum,12 parsecs,G1", #""c2""#, false),
        ("c3,rectum", #""c3""#, false),
        ("c4,mars,8 mm,G1", #""c4""#, false),
        (",,,", nil, true),
        (#"c6,"rectum","1.5 cm",G2"#, #""c6""#, true),
        (#"c9,rectum,"1,5 cm",G2"#, #""c9""#, false),
        ("c7,rectum,1e400 mm,G1", #""c7""#, false),
        ("c8,rectum,NaN%,G1", #""c8""#, false),
    ]

    /// Each output line names the expected case (or line number) and is a result or an error.
    static func check(_ result: CLIResult, expected: [(id: String?, good: Bool)], firstLine: Int) {
        expectBoring(result, "batch")
        #expect(result.status == 1, "\(result.summary)")
        let lines = result.stdout.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == expected.count, "\(lines.count) output lines for \(expected.count) cases")
        for (index, (line, want)) in zip(lines, expected).enumerated() {
            guard case .success(.object(let members)) = JSONReader.parse(Array(line)), let first = members.first else {
                Issue.record("output line \(index + 1) is not a JSON object: \(String(decoding: line, as: UTF8.self).prefix(200))")
                continue
            }
            let name = want.id.map { "case_id \($0)" } ?? "line \(index + firstLine)"
            let shown = first.key == "case_id" ? JSONNode(first.value).render(pretty: false) : nil
            #expect(shown == want.id && (want.id != nil || first.value == .number(String(index + firstLine))),
                    "output line \(index + 1) should name \(name), not \(first.key) \(JSONNode(first.value).render(pretty: false))")
            #expect(members.contains { $0.key == "error" } == !want.good, "output line \(index + 1) (\(name)): \(String(decoding: line, as: UTF8.self).prefix(200))")
        }
    }
}

@Suite("robustness: batch keeps every line")
struct MixedBatchTests {
    @Test(arguments: ["1", "2"])
    func jsonLinesMixingHostileAndGoodCases(jobs: String) throws {
        let input = MixedCohort.jsonLines.map(\.text).joined(separator: [UInt8(ascii: "\n")]) + [UInt8(ascii: "\n")]
        let result = try CLIProcess.run(["batch", Fixtures.guidelines, "--cases", "-", "--jobs", jobs], stdin: Array(input))
        MixedCohort.check(result, expected: MixedCohort.jsonLines.map { ($0.id, $0.good) }, firstLine: 1)
    }

    @Test func csvWithBadRows() throws {
        let input = (["case_id,primary_site,tumor_size,grade"] + MixedCohort.csvRows.map(\.text)).joined(separator: "\n") + "\n"
        let result = try CLIProcess.run(["batch", Fixtures.guidelines, "--cases", "-", "--format", "csv", "--jobs", "2"], stdin: Array(input.utf8))
        MixedCohort.check(result, expected: MixedCohort.csvRows.map { ($0.id, $0.good) }, firstLine: 2)
    }

    /// Input that cannot be read at all (a missing file, an unknown CSV column, an output
    /// directory that does not exist) is exit 2 with a message and no results.
    @Test(arguments: [
        ["eval", Fixtures.guidelines, "--facts", "/nonexistent/case.json"],
        ["batch", Fixtures.guidelines, "--cases", "/nonexistent/cases.jsonl"],
        ["batch", Fixtures.guidelines, "--cases", "-", "--out", "/nonexistent/results.jsonl"],
        ["batch", Fixtures.guidelines, "--cases", "-", "--format", "csv"],
        ["fmt", "/nonexistent/rules.nenrule"],
    ])
    func unreadableInputIsExitTwo(arguments: [String]) throws {
        let result = try CLIProcess.run(arguments, stdin: Array("case_id,tumour_size\nc1,8 mm\n".utf8))
        #expect(result.exited && result.status == 2 && result.stderrText.contains("error["), "\(result.summary)")
        #expect(result.stdout.isEmpty, "\(result.stdoutText.prefix(300))")
    }
}

// MARK: - atomic writes

/// Output files appear whole or not at all: written to a temporary file beside the target,
/// then renamed over it.
@Suite("robustness: atomic writes")
struct AtomicWriteTests {
    /// Cases enough that a debug build spends seconds writing their results.
    static func largeCohort(in directory: URL) throws -> URL {
        let line = #"{"primary_site":"rectum","tumor_size":"8 mm","grade":"G1","invasion_depth":"submucosa"}"# + "\n"
        let url = directory.appendingPathComponent("cases.jsonl")
        try String(repeating: line, count: 30_000).write(to: url, atomically: false, encoding: .utf8)
        return url
    }

    /// The writers' temporary files beside `target` (`.NAME.….tmp`).
    static func temporaries(beside target: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path)) ?? []
        return names.filter { $0.hasPrefix("." + target.lastPathComponent) && $0.hasSuffix(".tmp") }
            .map { target.deletingLastPathComponent().appendingPathComponent($0) }
    }

    static func size(_ url: URL) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    static func inode(_ url: URL) -> UInt64? {
        var info = stat()
        return stat(url.path, &info) == 0 ? UInt64(info.st_ino) : nil
    }

    /// SIGKILL once results are being written; the output keeps its old content (or stays absent).
    @Test(arguments: [true, false])
    func batchKilledMidRunLeavesThePreviousOutput(outputExisted: Bool) throws {
        let directory = try Scratch.directory("atomic")
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases = try Self.largeCohort(in: directory)
        let output = directory.appendingPathComponent("results.jsonl")
        let previous = "previous results\n"
        if outputExisted { try previous.write(to: output, atomically: false, encoding: .utf8) }
        let batch = try CLIProcess(["batch", Fixtures.guidelines, "--cases", cases.path, "--out", output.path])
        var killed = false
        let deadline = Date().addingTimeInterval(60)
        while !killed, batch.process.isRunning, Date() < deadline {
            if Self.temporaries(beside: output).contains(where: { Self.size($0) > 0 }) {
                killed = kill(batch.process.processIdentifier, SIGKILL) == 0
            } else {
                usleep(2_000)
            }
        }
        let result = batch.finish(timeout: 30)
        #expect(killed && !result.exited, "batch was not killed while writing: \(result.summary)")
        let content = try? String(contentsOf: output, encoding: .utf8)
        #expect(content == (outputExisted ? previous : nil), "after SIGKILL the output holds \(content.map { "\($0.utf8.count) bytes" } ?? "nothing")")
    }

    @Test func batchOutputAppearsWholeWithNoTemporaryLeft() throws {
        let directory = try Scratch.directory("atomic")
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("results.jsonl")
        try "previous results\n".write(to: output, atomically: false, encoding: .utf8)
        let cases = MixedCohort.jsonLines.prefix(1).map(\.text) + [Array(#"{"primary_site":"colon"}"#.utf8)]
        let input = cases.joined(separator: [UInt8(ascii: "\n")]) + [UInt8(ascii: "\n")]
        let result = try CLIProcess.run(["batch", Fixtures.guidelines, "--cases", "-", "--out", output.path], stdin: Array(input))
        #expect(result.exited && result.status == 0, "\(result.summary)")
        let written = try String(contentsOf: output, encoding: .utf8)
        #expect(written.split(separator: "\n").count == 2 && written.hasSuffix("}\n"), "\(written.prefix(300))")
        #expect(Self.temporaries(beside: output).isEmpty)
    }

    /// `fmt` writes a new file and renames it over the old one: the inode changes, nothing is left.
    @Test func fmtReplacesTheFileByRename() throws {
        let directory = try Scratch.directory("atomic")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("messy.nenrule")
        let messy = "guideline messy \"Messy\" version \"1\"\nfact   size :  length in mm\noutcome   small \"Small\"\n"
            + "decision  size.check \"Size\"  {\n  when size<=20 mm=>may small cite \"§1\"\n  otherwise => may small cite \"§1\"\n}\n"
        try messy.write(to: file, atomically: false, encoding: .utf8)
        let before = Self.inode(file)
        let result = try CLIProcess.run(["fmt", file.path])
        #expect(result.exited && result.status == 0, "\(result.summary)")
        #expect(try String(contentsOf: file, encoding: .utf8) != messy)
        #expect(Self.inode(file) != before, "fmt rewrote the file in place")
        #expect(Self.temporaries(beside: file).isEmpty)
        let check = try CLIProcess.run(["fmt", "--check", file.path])
        #expect(check.exited && check.status == 0, "\(check.summary)")
    }
}

// MARK: - regressions found by fuzzing and by this suite

@Suite("robustness: regressions")
struct RobustnessRegressionTests {
    static let compilation = Frontend.load(path: Fixtures.guidelines)

    /// Batch's fast decoder accepted what `eval` rejects and copied the case id into the output
    /// verbatim, so a line could come out as invalid JSON (`"case_id":+3`, raw 0xFF bytes).
    @Test(arguments: [
        HostileCase("case id with a stray 0xCD byte", Array(#"{"case_id":"a"#.utf8) + [0xCD] + Array(#"u00e9","ki67":"55%"}"#.utf8)),
        HostileCase("case id +3", #"{"case_id":+3,"primary_site":"colon"}"#),
        HostileCase("case id 1-2", #"{"case_id":1-2,"primary_site":"colon"}"#),
        HostileCase("value +8", #"{"tumor_size":+8}"#),
        HostileCase("value 08", #"{"tumor_size":08}"#),
        HostileCase("value .5", #"{"tumor_size":.5}"#),
        HostileCase("value 8.", #"{"tumor_size":8.}"#),
    ])
    func caseDecoderRejectsWhatTheFullReaderRejects(hostile: HostileCase) throws {
        let graph = try #require(Self.compilation.graph)
        let line = hostile.bytes
        #expect(throws: JSONReader.Failure.self) { try JSONReader.parse(line).get() }
        var decoder = CaseDecoder(graph: graph)
        var evaluator = Evaluator(graph: graph)
        guard case .failed(let diagnostic, _) = decoder.decode(line[...], into: &evaluator) else {
            Issue.record("the fast decoder loaded \(hostile.name)")
            return
        }
        #expect(diagnostic.code == "case-json")
    }

    /// The fast path still takes JSON numbers as ids and values.
    @Test func caseDecoderKeepsItsFastPathForJSONNumbers() throws {
        let graph = try #require(Self.compilation.graph)
        var decoder = CaseDecoder(graph: graph)
        var evaluator = Evaluator(graph: graph)
        let line = Array(#"{"case_id":-1.5e3,"tumor_size":0.8E1,"ki67":0}"#.utf8)
        guard case .loaded(.bytes(let range)?) = decoder.decode(line[...], into: &evaluator) else {
            Issue.record("a plain case left the fast path")
            return
        }
        #expect(String(decoding: line[range], as: UTF8.self) == "-1.5e3")
    }

    /// `import "/etc/passwd"` was joined onto the importing directory and reported as unreadable;
    /// the grammar allows only relative paths, so it is an import outside the root.
    @Test func absoluteImportLeavesTheRoot() throws {
        let root = try Scratch.directory("import")
        defer { try? FileManager.default.removeItem(at: root) }
        try "import \"/etc/passwd\"\n".write(to: root.appendingPathComponent("rules.nenrule"), atomically: true, encoding: .utf8)
        let codes = Fixtures.codes(Frontend.load(path: root.path))
        #expect(codes.contains("import-outside-root") && !codes.contains("io"), "\(codes)")
    }

    /// Defines that each use the previous one twice double at every step; 60 of them made
    /// `check` (and every later pass, which walks the expanded tree) run for ever.
    @Test func doublingDefinesAreTooLargeNotAHang() {
        var text = "fact x: number\noutcome a \"A\"\ndefine d0 = x > 1\n"
        for level in 1...60 { text += "define d\(level) = (d\(level - 1) and x > \(level)) or (d\(level - 1) and x < \(level))\n" }
        text += "decision top \"Top\" {\n  when d60 => may a cite \"§1\"\n}\n"
        let compilation = Fixtures.compile(text)
        #expect(Fixtures.codes(compilation).contains("too-large"), "\(Fixtures.rendered(compilation))")
        #expect(compilation.graph == nil)
    }

    @Test func aDefineWithinTheLimitStillCompiles() {
        var text = "fact x: number\noutcome a \"A\"\ndefine d0 = x > 1\n"
        for level in 1...8 { text += "define d\(level) = (d\(level - 1) and x > \(level)) or (d\(level - 1) and x < \(level))\n" }
        text += "decision top \"Top\" {\n  when d8 => may a cite \"§1\"\n}\n"
        let compilation = Fixtures.compile(text)
        #expect(!compilation.hasErrors, "\(Fixtures.rendered(compilation))")
    }
}

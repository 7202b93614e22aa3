import Foundation
import Testing
@testable import NenRule

/// Property tests over generated rule sets (Support/RandomRuleSet.swift): every command runs
/// over 2 000 of them, none may crash or hang, `fmt` keeps the syntax tree and every answer on
/// random cases and is idempotent. A failure names its seed; replay it alone with
/// `NENRULE_RANDOM_SEED=N swift test --filter RandomProgram` (`NENRULE_RANDOM_PROGRAMS=N` runs
/// the first N programs).
@Suite("random programs")
struct RandomProgramTests {
    static let programs = 2_000
    static let chunks = 20
    static let casesPerProgram = 5

    /// The seeds of one chunk, or only the seed to replay.
    static func seeds(chunk: Int) -> [UInt64] {
        if let replay = ProcessInfo.processInfo.environment["NENRULE_RANDOM_SEED"].flatMap(UInt64.init) {
            return chunk == 0 ? [replay] : []
        }
        let count = ProcessInfo.processInfo.environment["NENRULE_RANDOM_PROGRAMS"].flatMap(Int.init) ?? programs
        return stride(from: chunk, to: count, by: chunks).map(UInt64.init)
    }

    /// The time limit catches a hang, not slowness: chunks share the cores, and a loaded
    /// machine (a fuzzing run beside it) can take minutes.
    @Test(.timeLimit(.minutes(10)), arguments: 0..<chunks)
    func everyCommandInProcess(chunk: Int) {
        for seed in Self.seeds(chunk: chunk) {
            RandomProgramCheck(seed: seed, cases: Self.casesPerProgram).run()
        }
    }

    /// A few programs through the built binary (a process per command costs what a thousand
    /// in-process runs do): every command ends cleanly and answers.
    @Test(arguments: 0..<2)
    func everyCommandThroughTheBinary(chunk: Int) throws {
        for seed in stride(from: UInt64(chunk), to: 8, by: 2) { try RandomProgramCLI(seed: seed).run() }
    }
}

/// The generator covers the grammar: the first `corpusSize` programs (the fuzz seeds in
/// Tests/Fuzz/seeds/rules) use every keyword, hit policy, strength, dimension and unit, and
/// every operator.
@Suite("random programs: coverage")
struct RandomProgramCoverageTests {
    static let corpusSize = 40

    static var corpus: [String] { (0..<UInt64(corpusSize)).map { RandomRuleSet(seed: $0, large: true).text } }

    @Test func theCorpusUsesEveryKeyword() {
        let words = Set(Self.corpus.flatMap { text in
            Lexer.tokenize(SourceFile(path: "r", text: text), file: 0).tokens.map(\.text)
        })
        let keywords = reservedWords.union(["undetermined", "not_applicable", "first", "unique", "collect", "highest"]).subtracting(["import"])
        let wanted = keywords.union(RandomRuleSet.strengths).union(RandomRuleSet.policies)
            .union(["length", "percent", "count", "mitotic_rate", "duration", "mm", "cm", "%", "days", "weeks", "months", "years"])
            .union(["==", "!=", "<", "<=", ">", ">=", "...", "-", "|", "(", ")"])
        #expect(wanted.subtracting(words).isEmpty, "never generated: \(wanted.subtracting(words).sorted())")
    }

    /// `NENRULE_WRITE_FUZZ_CORPUS=DIR swift test --filter RandomProgramCoverage` writes the
    /// corpus as DIR/random-NN.nenrule (run.sh seeds the rule-file harnesses from it).
    @Test func writeFuzzCorpus() throws {
        guard let directory = ProcessInfo.processInfo.environment["NENRULE_WRITE_FUZZ_CORPUS"] else { return }
        for (index, text) in Self.corpus.enumerated() {
            let name = "random-" + (index < 10 ? "0" : "") + String(index) + ".nenrule"
            try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
        }
    }
}

import Foundation
import NenRule

/// Writes a large generated rule set for part (d): lengths, percentages, enums and bools;
/// a pool of outcomes; and `decisions` decisions of three branches and an `otherwise` each,
/// half of them with an `applies when`, spread over files of 500 (the loader caps a file's size).
struct SyntheticRuleSet {
    let decisions: Int
    static let factsPerKind = 50
    static let outcomes = 200
    static let decisionsPerFile = 500

    /// Writes the rule set into `directory` (created if needed).
    func write(to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var random = SplitMix64(seed: 10_000)
        try save(header(), directory, "guideline.nenrule")
        for (file, start) in stride(from: 0, to: decisions, by: Self.decisionsPerFile).enumerated() {
            let end = min(decisions, start + Self.decisionsPerFile)
            let text = (start..<end).map { decision($0, &random) }.joined(separator: "\n")
            try save(text, directory, String(format: "decisions_%03d.nenrule", file))
        }
    }

    func save(_ text: String, _ directory: String, _ name: String) throws {
        let path = (directory as NSString).appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else { throw BenchError("cannot write `\(path)`") }
    }

    func header() -> String {
        var lines = ["guideline synthetic \"Generated benchmark rule set\" version \"1\"", ""]
        for k in 0..<Self.factsPerKind {
            lines.append("fact len_\(k): length in mm range > 0 mm \"generated length \(k)\"")
            lines.append("fact pct_\(k): percent range 0 % ... 100 %")
            lines.append("fact cat_\(k): \(k % 2 == 0 ? "ordered " : ""){ a, b, c, d, e }")
            lines.append("fact flag_\(k): bool")
        }
        lines += (0..<Self.outcomes).map { "outcome out_\($0) \"Generated outcome \($0)\"" }
        return lines.joined(separator: "\n") + "\n"
    }

    func decision(_ index: Int, _ random: inout SplitMix64) -> String {
        var text = "decision gen.d\(index) \"Generated decision \(index)\"\n"
        if random.chance(0.5) { text += "  applies when \(category(&random)) in { a, b, c }\n" }
        text += "  cite \"§\(index % 97 + 1)\"\n{\n"
        text += "  when \(length(&random)) and \(category(&random)) == b => suggest \(outcome(&random))\n"
        text += "  when \(percent(&random)) or \(flag(&random)) => may \(outcome(&random)) cite \"§\(index % 89 + 1).1\"\n"
        text += "  when not \(flag(&random)) and \(length(&random, range: true)) => recommend \(outcome(&random))\n"
        text += "  otherwise => refer \(outcome(&random))\n}\n"
        return text
    }

    func pick(_ random: inout SplitMix64) -> Int { Int.random(in: 0..<Self.factsPerKind, using: &random) }
    func outcome(_ random: inout SplitMix64) -> String { "out_\(Int.random(in: 0..<Self.outcomes, using: &random))" }
    func category(_ random: inout SplitMix64) -> String { "cat_\(pick(&random))" }
    func flag(_ random: inout SplitMix64) -> String { "flag_\(pick(&random))" }
    func percent(_ random: inout SplitMix64) -> String { "pct_\(pick(&random)) >= \(Int.random(in: 1...99, using: &random)) %" }

    func length(_ random: inout SplitMix64, range: Bool = false) -> String {
        let low = Int.random(in: 1...30, using: &random)
        return range ? "len_\(pick(&random)) in \(low) mm ... \(low + 10) mm" : "len_\(pick(&random)) > \(low).5 mm"
    }
}

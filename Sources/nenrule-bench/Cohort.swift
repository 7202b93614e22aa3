import Foundation
import NenRule

/// Writes a synthetic cohort as JSON Lines for `nenrule batch`, driven by the rule set's own
/// fact declarations so it keeps up with guideline edits. Each case has a `case_id`, the core
/// tumour facts most of the time (some missing), a derived fact such as `grade` now and then,
/// and a sprinkling of the other facts; values respect declared ranges, and some quantities
/// come as strings with a unit (`"1.25 cm"`, `"55.5%"`, `"6 months"`) as clinical exports do.
struct Cohort {
    /// Facts nearly every record has; each is still missing in a fifth of the cases.
    static let core: Set<String> = [
        "primary_site", "differentiation", "ki67", "tumor_size", "invasion_depth", "regional_ln_metastasis",
        "distant_metastasis", "liver_metastasis", "margin_status", "lymphovascular_invasion", "functional", "age",
    ]

    struct Column {
        var key: [UInt8]
        var fact: CheckedFact
        var presence: Double
        var values: FactValues
    }

    let columns: [Column]

    init(graph: DecisionGraph) {
        columns = graph.facts.map { fact in
            let presence = Cohort.core.contains(fact.name) ? 0.8 : fact.name == "mitoses" ? 0.4 : fact.derivedBy != nil ? 0.2 : 0.05
            return Column(key: Array("\"\(fact.name)\":".utf8), fact: fact, presence: presence, values: FactValues(fact))
        }
    }

    /// Writes `count` cases to `path`; returns the number of bytes written.
    func write(count: Int, to path: String, seed: UInt64) throws -> Int {
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
            throw BenchError("cannot write `\(path)`")
        }
        defer { try? file.close() }
        var random = SplitMix64(seed: seed)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 21)
        var total = 0
        for index in 0..<count {
            appendCase(index, &random, &buffer)
            if buffer.count >= 1 << 20 || index == count - 1 {
                try file.write(contentsOf: buffer)
                total += buffer.count
                buffer.removeAll(keepingCapacity: true)
            }
        }
        return total
    }

    func appendCase(_ index: Int, _ random: inout SplitMix64, _ out: inout [UInt8]) {
        out.append(contentsOf: "{\"case_id\":\"c".utf8)
        out.append(contentsOf: String(index).utf8)
        out.append(UInt8(ascii: "\""))
        for column in columns where random.chance(column.presence) {
            guard let value = column.values.next(&random) else { continue }
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: column.key)
            out.append(contentsOf: value)
        }
        out.append(contentsOf: "}\n".utf8)
    }
}

import Foundation
import NenRule

/// Writes a synthetic cohort as JSON Lines for `nenrule batch`, driven by the rule set's own
/// fact declarations so it keeps up with guideline edits. Each case has a `case_id`, the core
/// tumour facts most of the time (some missing), a derived fact such as `grade` now and then,
/// and a sprinkling of the other facts; values respect declared ranges, and some quantities
/// come as strings with a unit (`"1.25 cm"`, `"55.5%"`, `"6 months"`) as clinical exports do.
/// Facts are drawn independently, so a case can break the rule set's constraints (liver
/// metastasis without distant metastasis); such a case loses constrained facts, at random, until
/// it describes a possible patient — a cohort of refused lines would measure error lines.
struct Cohort: CohortWriter {
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
    /// Checks each case against the constraints before it is written.
    let evaluator: Evaluator
    /// The facts dropped, one at a time, from a case that is not a possible patient.
    let constrained: Set<Int>

    init(graph: DecisionGraph) {
        evaluator = Evaluator(graph: graph)
        // A case is mended by dropping facts the constraints read, or derived facts that may
        // contradict their derivation.
        constrained = Set(graph.network.constrainedFacts).union(graph.facts.indices.filter { graph.derivedBy[$0] >= 0 })
        columns = graph.facts.map { fact in
            let presence = Cohort.core.contains(fact.name) ? 0.8 : fact.name == "mitoses" ? 0.4 : fact.derivedBy != nil ? 0.2 : 0.05
            return Column(key: Array("\"\(fact.name)\":".utf8), fact: fact, presence: presence, values: FactValues(fact))
        }
    }

    func appendCase(_ index: Int, _ random: inout SplitMix64, _ out: inout [UInt8]) {
        var pieces: [(column: Int, value: [UInt8])] = []
        for (position, column) in columns.enumerated() where random.chance(column.presence) {
            if let value = column.values.next(&random) { pieces.append((position, value)) }
        }
        var line = render(index, pieces)
        while !consistent(line), let drop = pieces.indices.filter({ constrained.contains(pieces[$0].column) }).randomElement(using: &random) {
            pieces.remove(at: drop)
            line = render(index, pieces)
        }
        out.append(contentsOf: line)
    }

    func render(_ index: Int, _ pieces: [(column: Int, value: [UInt8])]) -> [UInt8] {
        var out = Array("{\"case_id\":\"c\(index)\"".utf8)
        for piece in pieces {
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: columns[piece.column].key)
            out.append(contentsOf: piece.value)
        }
        out.append(contentsOf: "}\n".utf8)
        return out
    }

    /// Whether the case breaks no constraint (other bad input is the batch's to report).
    func consistent(_ line: [UInt8]) -> Bool {
        constrained.isEmpty || !problems(line, evaluator).contains { $0.code == "inconsistent-case" }
    }
}

/// A cohort written as JSON Lines, one case at a time.
protocol CohortWriter {
    func appendCase(_ index: Int, _ random: inout SplitMix64, _ out: inout [UInt8])
}

extension CohortWriter {
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

    /// The diagnostics of reading the case; empty for a possible patient with valid values.
    func problems(_ line: [UInt8], _ evaluator: Evaluator) -> [Diagnostic] {
        guard case .success(let parsed) = JSONReader.parse(String(decoding: line, as: UTF8.self)) else { return [] }
        var reader = evaluator
        return CaseReader.load(parsed, into: &reader)
    }
}

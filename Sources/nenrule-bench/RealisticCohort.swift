import Foundation
import NenRule

/// A cohort of realistic patients: each case is one of the rule set's example records
/// (`examples/*.json`, everything a clinician knows at one point in care) with its measurements
/// varied — sizes, Ki-67, counts, ages and durations scaled by up to ±30 %, so cases fall on both
/// sides of thresholds — and kept only if it is still a possible patient with values in range
/// (else the record is written unchanged). Unlike the generated cohort, no fact is drawn on its own.
struct RealisticCohort: CohortWriter {
    /// One member of a record: its key as JSON, and its value as written or as a quantity.
    struct Member {
        var key: [UInt8]
        var text: [UInt8]
        /// A number with its unit (`"8 mm"`, `6`), varied from case to case.
        var quantity: (value: Double, unit: String, quoted: Bool)?
    }

    let records: [[Member]]
    let evaluator: Evaluator

    /// Reads every `*.json` record under `examples`; nil when there is none.
    init?(examples directory: String, graph: DecisionGraph) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        records = names.compactMap { name in
            guard let data = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(name)),
                  case .success(.object(let members)) = JSONReader.parse([UInt8](data)) else { return nil }
            return members.filter { $0.key != "case_id" }.map { RealisticCohort.member($0.key, $0.value) }
        }
        guard !records.isEmpty else { return nil }
        evaluator = Evaluator(graph: graph)
    }

    static func member(_ key: String, _ value: JSONValue) -> Member {
        let keyBytes = Array("\"\(key)\":".utf8)
        switch value {
        case .number(let text): return Member(key: keyBytes, text: Array(text.utf8), quantity: Double(text).map { ($0, "", false) })
        case .string(let text):
            if case .success(.number(let exact, let unit)) = RawValue.parseText(text), let number = Double(exact.description) {
                return Member(key: keyBytes, text: Array(JSONWriter.quote(text).utf8), quantity: (number, unit ?? "", true))
            }
            return Member(key: keyBytes, text: Array(JSONWriter.quote(text).utf8))
        case .bool(let flag): return Member(key: keyBytes, text: Array((flag ? "true" : "false").utf8))
        default: return Member(key: keyBytes, text: Array("null".utf8))
        }
    }

    func appendCase(_ index: Int, _ random: inout SplitMix64, _ out: inout [UInt8]) {
        let record = records[Int(random.next() % UInt64(records.count))]
        let varied = render(index, record) { quantity in RealisticCohort.vary(quantity, &random) }
        out.append(contentsOf: problems(varied, evaluator).isEmpty ? varied : render(index, record) { _ in nil })
    }

    /// The case as a JSON line; `vary` gives a quantity's new text, or nil to keep it.
    func render(_ index: Int, _ record: [Member], _ vary: ((value: Double, unit: String, quoted: Bool)) -> String?) -> [UInt8] {
        var out = Array("{\"case_id\":\"r\(index)\"".utf8)
        for member in record {
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: member.key)
            if let quantity = member.quantity, let text = vary(quantity) { out.append(contentsOf: text.utf8) } else { out.append(contentsOf: member.text) }
        }
        out.append(contentsOf: "}\n".utf8)
        return out
    }

    /// Scales a measurement by 0.7–1.3; whole numbers (counts, codons of a count) stay whole.
    static func vary(_ quantity: (value: Double, unit: String, quoted: Bool), _ random: inout SplitMix64) -> String {
        let scaled = quantity.value * Double.random(in: 0.7...1.3, using: &random)
        let whole = quantity.value == quantity.value.rounded() && quantity.unit.isEmpty
        let number = whole ? String(Int(scaled.rounded())) : String(format: "%.1f", scaled)
        guard quantity.quoted else { return number }
        return "\"" + number + (quantity.unit.isEmpty ? "" : quantity.unit == "%" ? "%" : " " + quantity.unit) + "\""
    }
}

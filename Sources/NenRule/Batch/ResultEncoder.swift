/// Writes a case's results as one compact JSON line — the `eval` object without `ruleset`, plus
/// the case id — straight into a byte buffer. Every fixed piece (ids, statuses, outcome names,
/// recommendation objects with their citations) is rendered once into one byte blob, and a case
/// is written by copying ranges of it.
public struct ResultEncoder: Sendable {
    /// A piece of the blob.
    struct Piece: Sendable {
        var start: Int32
        var count: Int32
    }

    /// One recommendation a branch can make: its output bit and its JSON.
    struct Recommendation: Sendable {
        var bit: UInt64
        var json: Piece
    }

    var blob: [UInt8] = []
    /// Per decision: `{"id":"…","status":"` and the whole object when it does not apply.
    var open: [Piece] = []
    var notApplicable: [Piece] = []
    /// Per decision, per local output: `"name"`.
    var outputs: [[Piece]] = []
    /// Per decision, per branch (index + 1; 0 = otherwise): its recommendations.
    var recommendations: [[[Recommendation]]] = []
    /// Per decision: the JSON of each criteria answer.
    var criteria: [[Piece]] = []
    var factNames: [Piece] = []
    var isCriteria: [Bool] = []

    public init(graph: DecisionGraph) {
        factNames = graph.facts.map { add(JSONWriter.quote($0.name)) }
        for decision in graph.decisions { addDecision(decision) }
    }

    mutating func add(_ text: String) -> Piece {
        let piece = Piece(start: Int32(blob.count), count: Int32(text.utf8.count))
        blob.append(contentsOf: text.utf8)
        return piece
    }

    mutating func addDecision(_ decision: DecisionGraph.Decision) {
        let id = JSONWriter.quote(decision.id)
        open.append(add("{\"id\":\(id),\"status\":\""))
        notApplicable.append(add("{\"id\":\(id),\"status\":\"not_applicable\",\"outcomes\":[],\"recommendations\":[],\"needs\":[],\"trace\":[]}"))
        outputs.append(decision.localOutputs.map { add(JSONWriter.quote(decision.outputNames[Int($0)])) })
        let branches = [decision.otherwise] + decision.branches.map { Optional($0) }
        recommendations.append(branches.map { branch in
            guard let branch else { return [] }
            return branch.results.map { result in
                let bit = decision.localOutputs.firstIndex(of: Int32(result.output)).map { UInt64(1) << UInt64($0) } ?? 0
                return Recommendation(bit: bit, json: add(Self.recommendation(decision.outputNames[result.output], result.strength, branch.cites, branch.notes)))
            }
        })
        criteria.append(criteriaOutputs.map { add(Self.recommendation($0, nil, decision.cites, [])) })
        isCriteria.append(decision.kind == .criteria)
    }

    static func recommendation(_ outcome: String, _ strength: Strength?, _ cites: [String], _ notes: [String]) -> String {
        var members: [(String, JSONNode)] = [
            ("outcome", .string(outcome)), ("strength", strength.map { .string($0.rawValue) } ?? .null),
            ("cite", .array(cites.map { .string($0) })),
        ]
        if !notes.isEmpty { members.append(("notes", .array(notes.map { .string($0) }))) }
        return JSONNode.object(members).render(pretty: false)
    }

    /// Appends `"decisions":[…],"diagnostics":[…]` for the case in `evaluator` (already run).
    public func encode(_ selection: [Int], _ evaluator: inout Evaluator, into out: inout [UInt8], includeNotApplicable: Bool = true) {
        blob.withUnsafeBufferPointer { blob in
            var writer = ByteWriter(blob: blob, out: out)
            out = []
            writer.literal("\"decisions\":[")
            var first = true
            for d in selection where includeNotApplicable || evaluator.status(of: d) != .notApplicable {
                if !first { writer.byte(UInt8(ascii: ",")) }
                encode(d, &evaluator, &writer)
                first = false
            }
            writer.literal("],\"diagnostics\":[")
            for (position, diagnostic) in evaluator.diagnostics.enumerated() {
                if position > 0 { writer.byte(UInt8(ascii: ",")) }
                writer.text(DiagnosticRenderer.json(diagnostic, sources: SourceSet()).render(pretty: false))
            }
            writer.byte(UInt8(ascii: "]"))
            out = writer.out
        }
    }

    func encode(_ d: Int, _ evaluator: inout Evaluator, _ writer: inout ByteWriter) {
        let status = evaluator.status(of: d)
        if status == .notApplicable { return writer.piece(notApplicable[d]) }
        writer.piece(open[d])
        if status == .decided { writer.literal("decided\",\"outcomes\":[" as StaticString) } else { writer.literal("undetermined\",\"outcomes\":[" as StaticString) }
        let mask = evaluator.outputs(of: d)
        var rest = mask, first = true
        while rest != 0 {
            if !first { writer.byte(UInt8(ascii: ",")) }
            writer.piece(outputs[d][rest.trailingZeroBitCount])
            rest &= rest - 1
            first = false
        }
        writer.literal("],\"recommendations\":[")
        if status == .decided { encodeRecommendations(d, mask, &evaluator, &writer) }
        writer.literal("],\"needs\":[")
        first = true
        for slot in evaluator.needs(of: d) {
            if !first { writer.byte(UInt8(ascii: ",")) }
            writer.piece(factNames[Int(slot)])
            first = false
        }
        writer.literal("],\"trace\":[]}")
    }

    func encodeRecommendations(_ d: Int, _ mask: UInt64, _ evaluator: inout Evaluator, _ writer: inout ByteWriter) {
        var first = true
        if isCriteria[d] {
            for answer in 0..<3 where mask & (1 << UInt64(answer)) != 0 {
                if !first { writer.byte(UInt8(ascii: ",")) }
                writer.piece(criteria[d][answer])
                first = false
            }
            return
        }
        let taken = evaluator.taken(by: d)
        for (k, branch) in taken.enumerated() {
            for recommendation in recommendations[d][Int(branch) + 1] where mask & recommendation.bit != 0 {
                // `collect` can take two branches with the same recommendation; write it once.
                if k > 0, repeated(recommendation, before: k, in: taken, d) { continue }
                if !first { writer.byte(UInt8(ascii: ",")) }
                writer.piece(recommendation.json)
                first = false
            }
        }
    }

    func repeated(_ recommendation: Recommendation, before k: Int, in taken: some Collection<Int32>, _ d: Int) -> Bool {
        let text = blob[Int(recommendation.json.start)..<Int(recommendation.json.start + recommendation.json.count)]
        return taken.prefix(k).contains { earlier in
            recommendations[d][Int(earlier) + 1].contains { blob[Int($0.json.start)..<Int($0.json.start + $0.json.count)] == text }
        }
    }
}

/// Appends pieces of the encoder's blob (through a raw pointer: no reference counting per
/// copy) and literals to an output buffer.
struct ByteWriter {
    let blob: UnsafeBufferPointer<UInt8>
    var out: [UInt8]

    @inline(__always)
    mutating func piece(_ piece: ResultEncoder.Piece) {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: blob[Int(piece.start)..<Int(piece.start + piece.count)]))
    }

    @inline(__always)
    mutating func byte(_ byte: UInt8) { out.append(byte) }

    mutating func literal(_ text: StaticString) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func text(_ text: String) { out.append(contentsOf: text.utf8) }
}

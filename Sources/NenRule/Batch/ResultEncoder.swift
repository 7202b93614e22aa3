/// Writes a case's results as one compact JSON line — the `eval` object without `ruleset`, plus
/// the case id — straight into a byte buffer. Every fixed piece (ids, statuses, outcome names,
/// recommendation objects with their citations, trace event texts) is rendered once into one
/// byte blob, and a case is written by copying ranges of it. The tables are flat arrays indexed
/// by decision and branch, so writing a case reads no nested array (nor retains one).
public struct ResultEncoder: Sendable {
    /// A piece of the blob.
    struct Piece: Sendable {
        var start: Int32
        var count: Int32
    }

    /// One recommendation a branch can make: its output bit, its JSON, and its JSON as a
    /// `recommend` trace event.
    struct Recommendation: Sendable {
        var bit: UInt64
        var json: Piece
        var event: Piece
        var strength: Strength?
        /// The outcome's quoted name, for `by_strength`.
        var name: Piece

        @inline(__always)
        func piece(asEvent: Bool) -> Piece { asEvent ? event : json }
    }

    var blob: [UInt8] = []
    /// Per decision: `{"id":"…","status":"` and the whole object when it does not apply.
    var open: [Piece] = []
    var notApplicable: [Piece] = []
    /// Per decision, its local outputs' `"name"`s: `outputNames[outputStart[d] + bit]`.
    var outputStart: [Int32] = []
    var outputNames: [Piece] = []
    /// Per decision, per branch (index + 1; 0 = otherwise): its recommendations are
    /// `recommendations[recommendationStart[k] ..< recommendationStart[k + 1]]` where
    /// `k = branchSlot[d] + branch + 1`.
    var branchSlot: [Int32] = []
    var recommendationStart: [Int32] = []
    var recommendations: [Recommendation] = []
    /// Per branch slot: the `by_strength` members of that branch alone, and the outputs they
    /// cover; a case decided by that one branch with those outputs writes the piece as it is.
    var branchByStrength: [Piece] = []
    var branchBits: [UInt64] = []
    /// Per decision, per criteria answer (3 each): its recommendation.
    var criteria: [Recommendation] = []
    var factNames: [Piece] = []
    var isCriteria: [Bool] = []
    var trace = TraceEncoder()

    public init(graph: DecisionGraph) {
        factNames = graph.facts.map { add(JSONWriter.quote($0.name)) }
        for decision in graph.decisions { addDecision(decision) }
        recommendationStart.append(Int32(recommendations.count))
        trace = TraceEncoder(graph: graph, into: &blob)
    }

    static func append(_ text: String, to blob: inout [UInt8]) -> Piece {
        let piece = Piece(start: Int32(blob.count), count: Int32(text.utf8.count))
        blob.append(contentsOf: text.utf8)
        return piece
    }

    mutating func add(_ text: String) -> Piece { Self.append(text, to: &blob) }

    mutating func addDecision(_ decision: DecisionGraph.Decision) {
        let id = JSONWriter.quote(decision.id)
        open.append(add("{\"id\":\(id),\"status\":\""))
        notApplicable.append(add("{\"id\":\(id),\"status\":\"not_applicable\",\"outcomes\":[],\"by_strength\":{},\"recommendations\":[],\"needs\":[],\"trace\":[]}"))
        outputStart.append(Int32(outputNames.count))
        outputNames += decision.localOutputs.map { add(JSONWriter.quote(decision.outputNames[Int($0)])) }
        branchSlot.append(Int32(recommendationStart.count))
        for branch in [decision.otherwise] + decision.branches.map({ Optional($0) }) {
            recommendationStart.append(Int32(recommendations.count))
            var bits: UInt64 = 0, groups: [(Strength, [String])] = []
            for result in branch?.results ?? [] {
                let bit = decision.localOutputs.firstIndex(of: Int32(result.output)).map { UInt64(1) << UInt64($0) } ?? 0
                recommendations.append(recommendation(bit, decision.outputNames[result.output], result.strength, branch!.cites, branch!.notes))
                bits |= bit
                if let strength = result.strength { groups.append((strength, [decision.outputNames[result.output]])) }
            }
            branchBits.append(bits)
            branchByStrength.append(add(Self.byStrength(groups)))
        }
        criteria += criteriaOutputs.enumerated().map { recommendation(1 << UInt64($0.offset), $0.element, nil, decision.cites, []) }
        isCriteria.append(decision.kind == .criteria)
    }

    mutating func recommendation(_ bit: UInt64, _ outcome: String, _ strength: Strength?, _ cites: [String], _ notes: [String]) -> Recommendation {
        var members: [(String, JSONNode)] = [
            ("outcome", .string(outcome)), ("strength", strength.map { .string($0.rawValue) } ?? .null),
            ("cite", .array(cites.map { .string($0) })),
        ]
        if !notes.isEmpty { members.append(("notes", .array(notes.map { .string($0) }))) }
        let json = add(JSONNode.object(members).render(pretty: false))
        let event = add(JSONNode.object([("event", .string("recommend"))] + members).render(pretty: false))
        return Recommendation(bit: bit, json: json, event: event, strength: strength, name: add(JSONWriter.quote(outcome)))
    }

    /// Appends `"decisions":[…],"diagnostics":[…]` for the case in `evaluator` (already run).
    /// When the evaluator traced the case, each decision carries its trace events, linked per
    /// decision in `index`.
    func encode(_ selection: [Int], _ evaluator: Evaluator, into out: inout GrowableBuffer<UInt8>,
                includeNotApplicable: Bool, traceIndex index: inout TraceIndex) {
        let tracing = evaluator.tracing
        if tracing { index.build(evaluator.trace) }
        blob.withUnsafeBufferPointer { blob in
            var writer = ByteWriter(blob: blob, out: out)
            writer.literal("\"decisions\":[")
            var first = true
            for d in selection where includeNotApplicable || evaluator.status(of: d) != .notApplicable {
                if !first { writer.byte(UInt8(ascii: ",")) }
                encode(d, evaluator, &writer, tracing ? index : nil)
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
        if tracing { index.clear(evaluator.trace) }
    }

    func encode(_ d: Int, _ evaluator: Evaluator, _ writer: inout ByteWriter, _ index: TraceIndex?) {
        let status = evaluator.status(of: d)
        if status == .notApplicable, index == nil { return writer.piece(notApplicable[d]) }
        writer.piece(open[d])
        switch status {
        case .decided: writer.literal("decided\",\"outcomes\":[")
        case .undetermined: writer.literal("undetermined\",\"outcomes\":[")
        case .notApplicable: writer.literal("not_applicable\",\"outcomes\":[")
        }
        let mask = evaluator.outputs(of: d)
        if status != .notApplicable { names(outputStart[d], mask, &writer) }
        writer.literal("],\"by_strength\":{")
        if status == .decided, !isCriteria[d] { byStrength(d, mask, evaluator, &writer) }
        writer.literal("},\"recommendations\":[")
        var first = true
        if status == .decided { recommendations(d, mask, evaluator, false, &writer, first: &first) }
        writer.literal("],\"needs\":[")
        first = true
        for slot in evaluator.needsView(of: d) {
            if !first { writer.byte(UInt8(ascii: ",")) }
            writer.piece(factNames[Int(slot)])
            first = false
        }
        writer.literal("],\"trace\":[")
        if let index {
            let wroteEvents = trace.encode(d, evaluator, index, &writer)
            var firstEvent = !wroteEvents
            if status == .decided { recommendations(d, mask, evaluator, true, &writer, first: &firstEvent) }
        }
        writer.literal(evaluator.isApproximate(d) ? "],\"approximate\":true}" : "]}")
    }

    /// The quoted names of the outputs in `mask`, comma-separated.
    func names(_ start: Int32, _ mask: UInt64, _ writer: inout ByteWriter) {
        var rest = mask, first = true
        while rest != 0 {
            if !first { writer.byte(UInt8(ascii: ",")) }
            writer.piece(outputNames[Int(start) + rest.trailingZeroBitCount])
            rest &= rest - 1
            first = false
        }
    }

    /// The recommendations of the deciding branches within `mask`, as JSON or as trace events.
    /// `first` says whether nothing precedes them in the array, and is false after any.
    func recommendations(_ d: Int, _ mask: UInt64, _ evaluator: Evaluator, _ asEvents: Bool,
                         _ writer: inout ByteWriter, first: inout Bool) {
        if isCriteria[d] {
            for answer in criteria[3 * d..<3 * d + 3] where mask & answer.bit != 0 {
                if !first { writer.byte(UInt8(ascii: ",")) }
                writer.piece(answer.piece(asEvent: asEvents))
                first = false
            }
            return
        }
        let taken = evaluator.taken(by: d)
        for (k, branch) in taken.enumerated() {
            for recommendation in recommendations(of: d, branch) where mask & recommendation.bit != 0 {
                // `collect` can take two branches with the same recommendation; write it once.
                if k > 0, repeated(recommendation, before: k, in: taken, d) { continue }
                if !first { writer.byte(UInt8(ascii: ",")) }
                writer.piece(recommendation.piece(asEvent: asEvents))
                first = false
            }
        }
    }

    /// `"may":["a"],"not_recommended":["b"]` from (strength, outcomes) pairs, strengths in
    /// declared order, each outcome once.
    static func byStrength(_ groups: [(Strength, [String])]) -> String {
        Strength.allCases.compactMap { strength in
            var names: [String] = []
            for (given, outcomes) in groups where given == strength {
                for outcome in outcomes where !names.contains(outcome) { names.append(outcome) }
            }
            return names.isEmpty ? nil : JSONWriter.quote(strength.rawValue) + ":[" + names.map(JSONWriter.quote).joined(separator: ",") + "]"
        }.joined(separator: ",")
    }

    /// The deciding branches' outcomes by strength. One branch giving every decided output —
    /// the common case — writes its piece made at start; several are grouped here.
    func byStrength(_ d: Int, _ mask: UInt64, _ evaluator: Evaluator, _ writer: inout ByteWriter) {
        let taken = evaluator.taken(by: d)
        if taken.count == 1, let only = taken.first {
            let slot = Int(branchSlot[d]) + Int(only) + 1
            if branchBits[slot] == mask { return writer.piece(branchByStrength[slot]) }
        }
        var firstGroup = true
        for strength in Strength.allCases {
            var written: UInt64 = 0
            for branch in taken {
                for recommendation in recommendations(of: d, branch)
                where recommendation.strength == strength && mask & recommendation.bit != 0 && written & recommendation.bit == 0 {
                    if written == 0 {
                        if !firstGroup { writer.byte(UInt8(ascii: ",")) }
                        writer.byte(UInt8(ascii: "\""))
                        writer.text(strength.rawValue)
                        writer.literal("\":[")
                        firstGroup = false
                    } else {
                        writer.byte(UInt8(ascii: ","))
                    }
                    writer.piece(recommendation.name)
                    written |= recommendation.bit
                }
            }
            if written != 0 { writer.byte(UInt8(ascii: "]")) }
        }
    }

    /// Branch `branch` (-1 = otherwise) of decision `d`: its recommendations.
    func recommendations(of d: Int, _ branch: Int32) -> ArraySlice<Recommendation> {
        let k = Int(branchSlot[d]) + Int(branch) + 1
        return recommendations[Int(recommendationStart[k])..<Int(recommendationStart[k + 1])]
    }

    func repeated(_ recommendation: Recommendation, before k: Int, in taken: some Collection<Int32>, _ d: Int) -> Bool {
        let text = blob[Int(recommendation.json.start)..<Int(recommendation.json.start + recommendation.json.count)]
        return taken.prefix(k).contains { earlier in
            recommendations(of: d, earlier).contains { blob[Int($0.json.start)..<Int($0.json.start + $0.json.count)] == text }
        }
    }
}

/// Appends pieces of the encoder's blob (through a raw pointer: no reference counting per
/// copy) and literals to an output buffer.
struct ByteWriter {
    let blob: UnsafeBufferPointer<UInt8>
    var out: GrowableBuffer<UInt8>

    @inline(__always)
    mutating func piece(_ piece: ResultEncoder.Piece) {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: blob[Int(piece.start)..<Int(piece.start + piece.count)]))
    }

    @inline(__always)
    mutating func byte(_ byte: UInt8) { out.append(byte) }

    @inline(__always)
    mutating func literal(_ text: StaticString) { out.append(text) }

    mutating func text(_ text: String) { out.append(text) }
}

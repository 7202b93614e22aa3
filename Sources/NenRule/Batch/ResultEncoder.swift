/// Writes a case's results as one compact JSON line — the `eval` object without `ruleset`, plus
/// the case id — straight into a byte buffer. Every fixed piece (ids, statuses, recommendation
/// objects with their citations) is rendered to bytes once, so a case costs a few copies.
public struct ResultEncoder: Sendable {
    struct DecisionBytes: Sendable {
        var open: [UInt8]                    // {"id":"…","status":"
        var notApplicable: [UInt8]           // the whole object when it does not apply
        var outputs: [[UInt8]]               // "name" per local output
        /// Per branch (index + 1; 0 = otherwise), per result: (local bit, recommendation JSON).
        var recommendations: [[(bit: UInt64, json: [UInt8])]]
        var criteria: [[UInt8]]              // recommendation JSON per criteria answer
    }

    let decisions: [DecisionBytes]
    let factNames: [[UInt8]]

    public init(graph: DecisionGraph) {
        factNames = graph.facts.map { Array(JSONWriter.quote($0.name).utf8) }
        decisions = graph.decisions.map { ResultEncoder.bytes(for: $0) }
    }

    static func bytes(for decision: DecisionGraph.Decision) -> DecisionBytes {
        let id = JSONWriter.quote(decision.id)
        let recommendation = { (outcome: String, strength: Strength?, cites: [String], notes: [String]) -> [UInt8] in
            var members: [(String, JSONNode)] = [
                ("outcome", .string(outcome)), ("strength", strength.map { .string($0.rawValue) } ?? .null),
                ("cite", .array(cites.map { .string($0) })),
            ]
            if !notes.isEmpty { members.append(("notes", .array(notes.map { .string($0) }))) }
            return Array(JSONNode.object(members).render(pretty: false).utf8)
        }
        let branches = [decision.otherwise] + decision.branches.map { Optional($0) }
        return DecisionBytes(
            open: Array("{\"id\":\(id),\"status\":\"".utf8),
            notApplicable: Array("{\"id\":\(id),\"status\":\"not_applicable\",\"outcomes\":[],\"recommendations\":[],\"needs\":[],\"trace\":[]}".utf8),
            outputs: decision.localOutputs.map { Array(JSONWriter.quote(decision.outputNames[Int($0)]).utf8) },
            recommendations: branches.map { branch in
                (branch?.results ?? []).map { result in
                    let bit = decision.localOutputs.firstIndex(of: Int32(result.output)).map { UInt64(1) << UInt64($0) } ?? 0
                    return (bit, recommendation(decision.outputNames[result.output], result.strength, branch!.cites, branch!.notes))
                }
            },
            criteria: criteriaOutputs.map { recommendation($0, nil, decision.cites, []) })
    }

    /// Appends the results of `selection` for the case in `evaluator` (already run).
    public func encode(_ selection: [Int], _ evaluator: inout Evaluator, into out: inout [UInt8], includeNotApplicable: Bool = true) {
        out.append(contentsOf: "\"decisions\":[".utf8)
        var first = true
        for d in selection where includeNotApplicable || evaluator.status(of: d) != .notApplicable {
            if !first { out.append(UInt8(ascii: ",")) }
            encode(d, &evaluator, into: &out)
            first = false
        }
        out.append(contentsOf: "],\"diagnostics\":[".utf8)
        for (position, diagnostic) in evaluator.diagnostics.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: DiagnosticRenderer.json(diagnostic, sources: SourceSet()).render(pretty: false).utf8)
        }
        out.append(UInt8(ascii: "]"))
    }

    func encode(_ d: Int, _ evaluator: inout Evaluator, into out: inout [UInt8]) {
        let bytes = decisions[d]
        let status = evaluator.status(of: d)
        if status == .notApplicable {
            out.append(contentsOf: bytes.notApplicable)
            return
        }
        out.append(contentsOf: bytes.open)
        out.append(contentsOf: status == .decided ? "decided\",\"outcomes\":[".utf8 : "undetermined\",\"outcomes\":[".utf8)
        let mask = evaluator.outputs(of: d)
        var first = true
        for (bit, name) in bytes.outputs.enumerated() where mask & (1 << UInt64(bit)) != 0 {
            if !first { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: name)
            first = false
        }
        out.append(contentsOf: "],\"recommendations\":[".utf8)
        if status == .decided { encodeRecommendations(d, mask, &evaluator, &out) }
        out.append(contentsOf: "],\"needs\":[".utf8)
        first = true
        for slot in evaluator.needs(of: d) {
            if !first { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: factNames[Int(slot)])
            first = false
        }
        out.append(contentsOf: "],\"trace\":[]}".utf8)
    }

    func encodeRecommendations(_ d: Int, _ mask: UInt64, _ evaluator: inout Evaluator, _ out: inout [UInt8]) {
        let bytes = decisions[d]
        var first = true
        if !bytes.criteria.isEmpty, evaluator.graph.decisions[d].kind == .criteria {
            for answer in 0..<3 where mask & (1 << UInt64(answer)) != 0 {
                if !first { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: bytes.criteria[answer])
                first = false
            }
            return
        }
        let taken = evaluator.taken(by: d)
        for (k, branch) in taken.enumerated() {
            for (bit, json) in bytes.recommendations[Int(branch) + 1] where mask & bit != 0 {
                // `collect` can take two branches with the same recommendation; write it once.
                let repeated = taken.prefix(k).contains { earlier in bytes.recommendations[Int(earlier) + 1].contains { $0.json == json } }
                if repeated { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: json)
                first = false
            }
        }
    }
}

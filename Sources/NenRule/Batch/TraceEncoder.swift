/// Writes a case's trace events as compact JSON bytes, identical to what `EvaluationRenderer`
/// renders for them (without sources, as in batch), but without building `TraceEvent`s, strings
/// or JSON trees: each event's fixed text is rendered once into the blob, and a case copies it
/// and fills in truths and fact values. Fact values of enum and boolean facts are pre-rendered
/// too; numbers are written digit by digit, as `CheckedFact.display` words them.
struct TraceEncoder: Sendable {
    typealias Piece = ResultEncoder.Piece

    /// Per decision: `{"event":"enter","decision":"…"}`, `,"by":"…"}` and the start of its
    /// `applies` event.
    var entered: [Piece] = []
    var derivedBy: [Piece] = []
    /// Per decision: the guard's reads, a run in `reads`.
    var guardReads: [Range<Int32>] = []
    /// Per flat branch (criteria: criterion) and per decision's `otherwise`: the event up to its
    /// truth, and its reads.
    var branchOpen: [Piece] = []
    var branchReads: [Range<Int32>] = []
    var otherwiseOpen: [Piece] = []
    var otherwiseReads: [Range<Int32>] = []
    var reads: [Int32] = []
    /// Per slot: `,"name":` and `,"name":null` (a read after the first; the first one's piece
    /// is the same bytes without the comma, see `dropComma`), and
    /// `{"event":"derived","fact":"name","value":`.
    var readKey: [Piece] = []
    var readNull: [Piece] = []
    var derivedOpen: [Piece] = []
    /// Per slot of an enum or boolean fact: the start of its members' reads in `memberReads`
    /// and their count (-1 and 0 for numbers).
    var memberStart: [Int32] = []
    var memberCount: [Int32] = []
    /// `,"name":"member"`: a whole read in one piece; past `readKey`'s length, the member alone.
    var memberReads: [Piece] = []
    /// Per slot of a number: how `display` words it — the divisor to the declared unit (0:
    /// a bare number), the unit text after it, and the base unit's text when it does not divide.
    var numberFactor: [Int64] = []
    var numberUnit: [Piece] = []
    var numberBaseUnit: [Piece] = []
    var facts: [CheckedFact] = []

    init() {}

    init(graph: DecisionGraph, into blob: inout [UInt8]) {
        facts = graph.facts
        func add(_ text: String) -> Piece { ResultEncoder.append(text, to: &blob) }
        for fact in graph.facts {
            let name = JSONWriter.quote(fact.name)
            readKey.append(add("," + name + ":"))
            readNull.append(add("," + name + ":null"))
            derivedOpen.append(add("{\"event\":\"derived\",\"fact\":\(name),\"value\":"))
            var (start, count, factor, unit, base) = (Int32(-1), Int32(0), Int64(0), add(""), add(""))
            switch fact.type {
            case .bool:
                (start, count) = (Int32(memberReads.count), 2)
                memberReads += ["false", "true"].map { add(",\(name):\"\($0)\"") }
            case .enumeration(let members, _):
                (start, count) = (Int32(memberReads.count), Int32(members.count))
                memberReads += members.map { add(",\(name):" + JSONWriter.quote($0)) }
            case .quantity(_, let declared?):
                let baseName = Unit.all.first { $0.group == declared.group && $0.factor == 1 }?.name ?? declared.name
                (factor, unit, base) = (declared.factor, add(declared.name == "%" ? " %" : " " + declared.name), add(" " + baseName))
            default: break
            }
            memberStart.append(start)
            memberCount.append(count)
            numberFactor.append(factor)
            numberUnit.append(unit)
            numberBaseUnit.append(base)
        }
        for decision in graph.decisions { addDecision(decision, add) }
    }

    mutating func addDecision(_ decision: DecisionGraph.Decision, _ add: (String) -> Piece) {
        let id = JSONWriter.quote(decision.id)
        entered.append(add("{\"event\":\"enter\",\"decision\":\(id)}"))
        derivedBy.append(add(",\"by\":\(id)}"))
        guardReads.append(run(decision.guardReads))
        for (position, branch) in decision.branches.enumerated() {
            let open = decision.kind == .criteria
                ? "{\"event\":\"criterion\",\"criterion\":\(position + 1),\"relative\":\(branch.relative),\"label\":\(branch.label.map(JSONWriter.quote) ?? "null"),\"result\":\""
                : "{\"event\":\"branch\",\"branch\":\(position + 1),\"result\":\""
            branchOpen.append(add(open))
            branchReads.append(run(branch.reads))
        }
        otherwiseOpen.append(add("{\"event\":\"branch\",\"branch\":\"otherwise\",\"result\":\""))
        otherwiseReads.append(run(decision.otherwise?.reads ?? []))
    }

    mutating func run(_ slots: [Int32]) -> Range<Int32> {
        let start = Int32(reads.count)
        reads += slots
        return start..<Int32(reads.count)
    }

    /// The events of decision `d` in the order they were recorded, given the case's records
    /// grouped by decision (`index`).
    /// Returns whether it wrote any event.
    func encode(_ d: Int, _ evaluator: Evaluator, _ index: TraceIndex, _ writer: inout ByteWriter) -> Bool {
        let records = evaluator.trace
        var position = index.head(d), first = true
        while position >= 0 {
            if !first { writer.byte(UInt8(ascii: ",")) }
            event(records[Int(position)], d, evaluator, &writer)
            first = false
            position = index.next[Int(position)]
        }
        return !first
    }

    func event(_ record: TraceRecord, _ d: Int, _ evaluator: Evaluator, _ writer: inout ByteWriter) {
        switch record.kind {
        case .entered: writer.piece(entered[d])
        case .applies:
            writer.literal("{\"event\":\"applies\",\"result\":\"")
            closeEvent(record.truth, guardReads[d], evaluator, &writer)
        case .branch, .criterion:
            let base = Int(evaluator.plan.branchStart[d])
            if record.index == 0 {
                writer.piece(otherwiseOpen[d])
                closeEvent(record.truth, otherwiseReads[d], evaluator, &writer)
            } else {
                writer.piece(branchOpen[base + Int(record.index) - 1])
                closeEvent(record.truth, branchReads[base + Int(record.index) - 1], evaluator, &writer)
            }
        case .derived:
            writer.piece(derivedOpen[Int(record.index)])
            value(record.index, evaluator, &writer)
            writer.piece(derivedBy[Int(record.aux)])
        case .narrowed:
            // Rare (only where constraints decided something): rendered like `eval` does.
            let event = TraceEvent.narrowed(fact: facts[Int(record.index)].name, values: evaluator.narrowedValues(Int(record.index)),
                                            by: evaluator.graph.constraints[Int(record.aux)].id,
                                            given: evaluator.narrowingReads(Int(record.aux)))
            writer.text(EvaluationRenderer(graph: evaluator.graph, sources: nil).json(event).render(pretty: false))
        }
    }

    /// `truth","reads":{…}}`.
    func closeEvent(_ truth: Truth, _ run: Range<Int32>, _ evaluator: Evaluator, _ writer: inout ByteWriter) {
        switch truth {
        case .true: writer.literal("true\",\"reads\":{")
        case .false: writer.literal("false\",\"reads\":{")
        case .unknown: writer.literal("unknown\",\"reads\":{")
        }
        for k in run {
            let slot = Int(reads[Int(k)]), first = k == run.lowerBound, raw = evaluator.values[slot]
            // Unknown values and members are whole pre-rendered reads; numbers get their key here.
            if raw == Evaluator.unknown {
                writer.piece(dropComma(readNull[slot], first))
            } else if memberStart[slot] >= 0, raw >= 0, raw < Int64(memberCount[slot]) {
                writer.piece(dropComma(memberReads[Int(memberStart[slot]) + Int(raw)], first))
            } else {
                writer.piece(dropComma(readKey[slot], first))
                value(Int32(slot), evaluator, &writer)
            }
        }
        writer.literal("}}")
    }

    /// A read's piece without its leading comma when it is the first of its object.
    @inline(__always)
    func dropComma(_ piece: Piece, _ first: Bool) -> Piece {
        first ? Piece(start: piece.start + 1, count: piece.count - 1) : piece
    }

    /// The slot's value as the renderer shows it (`CheckedFact.display`, quoted), or `null`.
    func value(_ slot: Int32, _ evaluator: Evaluator, _ writer: inout ByteWriter) {
        let s = Int(slot), raw = evaluator.values[s]
        guard raw != Evaluator.unknown else { return writer.literal("null") }
        if memberStart[s] >= 0 {
            guard raw >= 0, raw < Int64(memberCount[s]) else { return writer.text(JSONWriter.quote(facts[s].display(raw))) }
            let read = memberReads[Int(memberStart[s]) + Int(raw)], key = readKey[s].count
            return writer.piece(Piece(start: read.start + key, count: read.count - key))
        }
        writer.byte(UInt8(ascii: "\""))
        let factor = numberFactor[s]
        if factor == 0 {
            writer.out.appendExact(micros: raw)
        } else if raw % factor == 0 {
            writer.out.appendExact(micros: raw / factor)
            writer.piece(numberUnit[s])
        } else {
            writer.out.appendExact(micros: raw)
            writer.piece(numberBaseUnit[s])
        }
        writer.byte(UInt8(ascii: "\""))
    }
}

/// A case's trace records linked per decision, in recording order: what `traceEvents(d)`
/// gets by filtering, in one pass over the records instead of one pass per decision. Its
/// storage is raw, so passing it to each decision's writer copies no array (and retains none);
/// the owner calls `deallocate`.
struct TraceIndex {
    let heads: UnsafeMutableBufferPointer<Int32>
    let tails: UnsafeMutableBufferPointer<Int32>
    var next = GrowableBuffer<Int32>(capacity: 256)

    init(decisions: Int) {
        heads = .filled(decisions, with: -1)
        tails = .filled(decisions, with: -1)
    }

    func deallocate() {
        heads.deallocate()
        tails.deallocate()
        next.deallocate()
    }

    func head(_ d: Int) -> Int32 { heads[d] }

    /// Links the case's records; every head must be clear (as `clear` leaves them).
    mutating func build(_ records: UnsafeBufferPointer<TraceRecord>) {
        next.removeAll()
        for (position, record) in records.enumerated() {
            next.append(-1)
            // A record outside any decision (none today) belongs to no decision's trace.
            guard record.decision >= 0 else { continue }
            let d = Int(record.decision)
            if heads[d] < 0 { heads[d] = Int32(position) } else { next[Int(tails[d])] = Int32(position) }
            tails[d] = Int32(position)
        }
    }

    /// Forgets this case's links (only the decisions it touched).
    func clear(_ records: UnsafeBufferPointer<TraceRecord>) {
        for record in records where record.decision >= 0 { heads[Int(record.decision)] = -1 }
    }
}

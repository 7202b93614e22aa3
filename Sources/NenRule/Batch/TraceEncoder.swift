/// Writes a case's trace events as compact JSON bytes, identical to what `EvaluationRenderer`
/// renders for them (without sources, as in batch), but without building `TraceEvent`s, strings
/// or JSON trees: each event's fixed text is rendered once into the blob, and a case copies it
/// and fills in truths and fact values. Fact values of enum and boolean facts are pre-rendered
/// too; only numbers are formatted per case.
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
    /// Per slot: `"name":` and `{"event":"derived","fact":"name","value":`.
    var readKey: [Piece] = []
    var derivedOpen: [Piece] = []
    /// Per slot of an enum or boolean fact: the start of its members' quoted names in
    /// `memberNames` (-1 for numbers, which are formatted per case).
    var memberStart: [Int32] = []
    var memberNames: [Piece] = []
    var facts: [CheckedFact] = []

    init() {}

    init(graph: DecisionGraph, into blob: inout [UInt8]) {
        facts = graph.facts
        func add(_ text: String) -> Piece { ResultEncoder.append(text, to: &blob) }
        for fact in graph.facts {
            let name = JSONWriter.quote(fact.name)
            readKey.append(add(name + ":"))
            derivedOpen.append(add("{\"event\":\"derived\",\"fact\":\(name),\"value\":"))
            switch fact.type {
            case .bool:
                memberStart.append(Int32(memberNames.count))
                memberNames += [add("\"false\""), add("\"true\"")]
            case .enumeration(let members, _):
                memberStart.append(Int32(memberNames.count))
                memberNames += members.map { add(JSONWriter.quote($0)) }
            default: memberStart.append(-1)
            }
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
            event(records[Int(position)], d, evaluator, index, &writer)
            first = false
            position = index.next[Int(position)]
        }
        return !first
    }

    func event(_ record: TraceRecord, _ d: Int, _ evaluator: Evaluator, _ index: TraceIndex, _ writer: inout ByteWriter) {
        switch record.kind {
        case .entered: writer.piece(entered[d])
        case .applies:
            writer.literal("{\"event\":\"applies\",\"result\":\"")
            closeEvent(record.truth, guardReads[d], evaluator, index, &writer)
        case .branch, .criterion:
            let base = Int(evaluator.plan.branchStart[d])
            if record.index == 0 {
                writer.piece(otherwiseOpen[d])
                closeEvent(record.truth, otherwiseReads[d], evaluator, index, &writer)
            } else {
                writer.piece(branchOpen[base + Int(record.index) - 1])
                closeEvent(record.truth, branchReads[base + Int(record.index) - 1], evaluator, index, &writer)
            }
        case .derived:
            writer.piece(derivedOpen[Int(record.index)])
            value(record.index, evaluator, index, &writer)
            writer.piece(derivedBy[Int(record.aux)])
        }
    }

    /// `truth","reads":{…}}`.
    func closeEvent(_ truth: Truth, _ run: Range<Int32>, _ evaluator: Evaluator, _ index: TraceIndex, _ writer: inout ByteWriter) {
        switch truth {
        case .true: writer.literal("true\",\"reads\":{")
        case .false: writer.literal("false\",\"reads\":{")
        case .unknown: writer.literal("unknown\",\"reads\":{")
        }
        for k in run {
            if k > run.lowerBound { writer.byte(UInt8(ascii: ",")) }
            let slot = reads[Int(k)]
            writer.piece(readKey[Int(slot)])
            value(slot, evaluator, index, &writer)
        }
        writer.literal("}}")
    }

    /// The slot's value as the renderer shows it: a quoted display string, or `null`. A number
    /// is formatted once per case (a size is read by dozens of branches) and then copied.
    func value(_ slot: Int32, _ evaluator: Evaluator, _ index: TraceIndex, _ writer: inout ByteWriter) {
        let raw = evaluator.values[Int(slot)]
        guard raw != Evaluator.unknown else { return writer.literal("null") }
        let start = memberStart[Int(slot)]
        if start >= 0, raw >= 0, raw < Int64(memberCount(slot)) {
            writer.piece(memberNames[Int(start) + Int(raw)])
        } else {
            writer.out.append(contentsOf: index.formatted(slot) { JSONWriter.quote(facts[Int(slot)].display(raw)) })
        }
    }

    func memberCount(_ slot: Int32) -> Int {
        switch facts[Int(slot)].type {
        case .bool: 2
        case .enumeration(let members, _): members.count
        default: 0
        }
    }
}

/// A case's trace records linked per decision, in recording order: what `traceEvents(d)`
/// gets by filtering, in one pass over the records instead of one pass per decision. It also
/// keeps the case's formatted numbers. One per worker; the owner calls `deallocate`.
struct TraceIndex {
    var heads: [Int32]
    var tails: [Int32]
    var next: [Int32] = []
    /// Per slot: the case its formatted value belongs to, and where the text is in `texts`.
    let formattedCase: UnsafeMutableBufferPointer<UInt32>
    let formattedStart: UnsafeMutableBufferPointer<Int32>
    let formattedCount: UnsafeMutableBufferPointer<Int32>
    let texts: UnsafeMutablePointer<GrowableBuffer<UInt8>>
    var caseNumber: UInt32 = 0

    init(decisions: Int, slots: Int) {
        heads = Array(repeating: -1, count: decisions)
        tails = Array(repeating: -1, count: decisions)
        formattedCase = .filled(slots, with: 0)
        formattedStart = .filled(slots, with: 0)
        formattedCount = .filled(slots, with: 0)
        texts = .allocate(capacity: 1)
        texts.initialize(to: GrowableBuffer(capacity: 1024))
    }

    func deallocate() {
        formattedCase.deallocate()
        formattedStart.deallocate()
        formattedCount.deallocate()
        texts.pointee.deallocate()
        texts.deallocate()
    }

    func head(_ d: Int) -> Int32 { heads[d] }

    /// The slot's value text for this case, made by `format` the first time it is asked for.
    func formatted(_ slot: Int32, _ format: () -> String) -> UnsafeBufferPointer<UInt8> {
        let s = Int(slot)
        if formattedCase[s] != caseNumber {
            formattedCase[s] = caseNumber
            formattedStart[s] = Int32(texts.pointee.count)
            texts.pointee.append(format())
            formattedCount[s] = Int32(texts.pointee.count) - formattedStart[s]
        }
        return UnsafeBufferPointer(start: texts.pointee.base + Int(formattedStart[s]), count: Int(formattedCount[s]))
    }

    /// Links the case's records; every head must be clear (as `clear` leaves them).
    mutating func build(_ records: UnsafeBufferPointer<TraceRecord>) {
        caseNumber &+= 1
        if caseNumber == 0 {
            // Wrapped: no stamp may match a case of long ago.
            formattedCase.update(repeating: 0)
            caseNumber = 1
        }
        texts.pointee.removeAll()
        next.removeAll(keepingCapacity: true)
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
    mutating func clear(_ records: UnsafeBufferPointer<TraceRecord>) {
        for record in records where record.decision >= 0 { heads[Int(record.decision)] = -1 }
    }
}

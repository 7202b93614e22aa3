import NenRule

/// Nanoseconds per case of both sides on one set of cases.
struct EvaluationTiming {
    var engine: Double
    var floor: Double
    /// The generated C (`nenrule build --target c`) on the same rows.
    var generated: Double
    var ratio: Double { engine / floor }
    var generatedRatio: Double { generated / floor }
}

/// Part (a): evaluation only, the engine against a hand-written function, on the same cases:
/// all of them, and a prefix small enough to stay in cache (where the floor is no longer
/// waiting on memory, so the ratio shows the engine's own overhead).
struct EvaluationFigure {
    var decision: String
    var cases: Int
    var agreed: Int
    var all: EvaluationTiming
    var hot: EvaluationTiming
}

struct EvaluationBench {
    let graph: DecisionGraph
    let generated: GeneratedCode
    /// Distinct generated cases per decision.
    let cases: Int
    /// Timed runs; each goes over every case `passes` times, and the median run is reported.
    let runs: Int
    let passes: Int
    /// The cache-resident prefix: 4 096 rows of at most 8 slots are 256 KiB.
    static let hotCases = 4096

    /// Measures one decision. Throws when the engine and the hand-written function disagree on
    /// any case: a floor that answers differently measures nothing.
    func measure<D: HandWritten>(_ type: D.Type) throws -> EvaluationFigure {
        let (values, floor, decision, slots) = try prepare(D.self)
        var random = SplitMix64(seed: 20_251_121)
        var rows: [Int64] = []
        rows.reserveCapacity(cases * slots.count)
        for _ in 0..<cases { rows += try floor.sample(&random, values) }
        let expected = try expectedMasks(D.self, decision)
        let agreed = try agreement(floor, decision, slots, rows, expected)
        let hotRows = Array(rows.prefix(min(cases, Self.hotCases) * slots.count))
        return EvaluationFigure(decision: D.decisionID, cases: cases, agreed: agreed,
                                all: time(floor, decision, slots, rows, passes: passes),
                                hot: time(floor, decision, slots, hotRows, passes: passes * cases / (hotRows.count / slots.count)))
    }

    /// The converter, the hand-written function, the decision's index and the slots of its columns.
    func prepare<D: HandWritten>(_ type: D.Type) throws -> (SlotConverter, D, Int, [Int]) {
        let values = SlotConverter(graph: graph)
        guard let decision = graph.decisionIndex(D.decisionID) else { throw BenchError("the rule set has no decision `\(D.decisionID)`") }
        return (values, try D(values), decision, try D.columns.map(values.slot))
    }

    /// Medians of interleaved runs, so a noisy spell on the machine hits both sides alike.
    func time<D: HandWritten>(_ floor: D, _ decision: Int, _ slots: [Int], _ rows: [Int64], passes: Int) -> EvaluationTiming {
        let evaluator = Evaluator(graph: graph)
        var engineTimes: [Double] = [], floorTimes: [Double] = [], generatedTimes: [Double] = []
        var masks: [UInt64] = [], statuses: [UInt8] = []
        for run in 0...runs {
            let engine = timeEngine(evaluator, decision, slots, rows, passes: passes)
            let hand = timeFloor(floor, rows, width: slots.count, passes: passes)
            let native = generated.time(decision, slots, rows, passes: passes, masks: &masks, statuses: &statuses)
            // Run 0 warms caches and branch predictors up.
            if run > 0 { engineTimes.append(engine); floorTimes.append(hand); generatedTimes.append(native) }
        }
        return EvaluationTiming(engine: median(engineTimes), floor: median(floorTimes), generated: median(generatedTimes))
    }

    /// The engine's output mask for each of the hand-written outcome indices.
    func expectedMasks<D: HandWritten>(_ type: D.Type, _ decision: Int) throws -> [UInt64] {
        let compiled = graph.decisions[decision]
        return try D.outcomes.map { name in
            guard let bit = compiled.localOutputs.firstIndex(where: { compiled.outputNames[Int($0)] == name }) else {
                throw BenchError("`\(D.decisionID)` cannot answer `\(name)`")
            }
            return UInt64(1) << UInt64(bit)
        }
    }

    /// Counts the cases on which all three sides give the same answer; throws on the first that differs.
    func agreement<D: HandWritten>(_ floor: D, _ decision: Int, _ slots: [Int], _ rows: [Int64], _ expected: [UInt64]) throws -> Int {
        let evaluator = Evaluator(graph: graph)
        var agreed = 0, masks: [UInt64] = [], statuses: [UInt8] = []
        _ = generated.time(decision, slots, rows, passes: 1, masks: &masks, statuses: &statuses)
        for start in stride(from: 0, to: rows.count, by: slots.count) {
            let row = Array(rows[start..<start + slots.count])
            evaluator.reset()
            for (k, slot) in slots.enumerated() { evaluator.values[slot] = row[k] }
            evaluator.run(decision)
            let status = evaluator.status(of: decision), mask = evaluator.outputs(of: decision)
            let answer = row.withUnsafeBufferPointer { floor.decide($0.baseAddress!) }
            let same = answer == notApplicable ? status == .notApplicable : status == .decided && mask == expected[answer]
            let native = Int(statuses[start / slots.count]) == (status == .decided ? 0 : status == .undetermined ? 1 : 2)
                && (status == .notApplicable || masks[start / slots.count] == mask)
            guard same, native else {
                let facts = zip(D.columns, row).map { "\($0)=\($1)" }.joined(separator: ", ")
                throw BenchError("`\(D.decisionID)` disagrees on case \(start / slots.count) (\(facts)): engine \(status.rawValue) mask \(mask), generated C \(statuses[start / slots.count]) mask \(masks[start / slots.count]), hand-written \(answer == notApplicable ? "not_applicable" : D.outcomes[answer])")
            }
            agreed += 1
        }
        return agreed
    }

    /// Nanoseconds per case for reset + write slots + run + read status and outputs.
    func timeEngine(_ evaluator: Evaluator, _ decision: Int, _ slots: [Int], _ rows: [Int64], passes: Int) -> Double {
        var sink: UInt64 = 0
        let width = slots.count
        let start = Clock.now()
        rows.withUnsafeBufferPointer { cells in
            for _ in 0..<passes {
                var offset = 0
                while offset < cells.count {
                    evaluator.reset()
                    for k in 0..<width { evaluator.values[slots[k]] = cells[offset + k] }
                    evaluator.run(decision)
                    sink &+= (evaluator.status(of: decision) == .decided ? 1 : 2) &+ evaluator.outputs(of: decision)
                    offset += width
                }
            }
        }
        let elapsed = Clock.now() - start
        BlackHole.consume(sink)
        return Double(elapsed) / Double(rows.count / width * passes)
    }

    /// Nanoseconds per case for the hand-written function on the same rows.
    func timeFloor<D: HandWritten>(_ floor: D, _ rows: [Int64], width: Int, passes: Int) -> Double {
        let count = rows.count / width
        var sink: UInt64 = 0
        let start = Clock.now()
        rows.withUnsafeBufferPointer { cells in
            for _ in 0..<passes {
                var row = cells.baseAddress!
                for _ in 0..<count {
                    sink &+= UInt64(bitPattern: Int64(floor.decide(row)))
                    row += width
                }
            }
        }
        let elapsed = Clock.now() - start
        BlackHole.consume(sink)
        return Double(elapsed) / Double(count * passes)
    }

    /// Part (a), half missing: the same generated cases with every other column left out (a
    /// different half per case), so the engine settles undetermined answers exactly over the
    /// missing facts. The hand-written function has no notion of a missing fact, so only the
    /// engine is timed; `decided` counts the cases it still decides. The first pass is reported
    /// apart: later passes meet every case's answer in the engine's memo.
    func measureHalfMissing<D: HandWritten>(_ type: D.Type, cases count: Int) throws -> (first: Double, nanoseconds: Double, decided: Int, cases: Int) {
        let (values, floor, decision, slots) = try prepare(D.self)
        var random = SplitMix64(seed: 20_261_204)
        var rows: [Int64] = []
        for index in 0..<count {
            var row = try floor.sample(&random, values)
            for k in row.indices where (k + index) % 2 == 0 { row[k] = Evaluator.unknown }
            rows += row
        }
        let evaluator = Evaluator(graph: graph)
        var decided = 0, times: [Double] = [], first = 0.0
        for run in 0...runs {
            var sink: UInt64 = 0
            decided = 0
            let start = Clock.now()
            for offset in stride(from: 0, to: rows.count, by: slots.count) {
                evaluator.reset()
                for k in 0..<slots.count where rows[offset + k] != Evaluator.unknown { evaluator.values[slots[k]] = rows[offset + k] }
                evaluator.run(decision)
                if evaluator.status(of: decision) == .decided { decided += 1 }
                sink &+= evaluator.outputs(of: decision)
            }
            BlackHole.consume(sink)
            let perCase = Double(Clock.now() - start) / Double(count)
            if run > 0 { times.append(perCase) } else { first = perCase }
        }
        return (first, median(times), decided, count)
    }
}

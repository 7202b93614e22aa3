/// Exact answers by the cells of the given facts. Every condition and constraint is constant on
/// a cell, so a decision's exact answer is a function of the decision and the cells its case's
/// given facts fall in: a case that repeats another's cells — most cases of a registry do —
/// reuses its answer instead of exploring again. The generated C keeps the same memo
/// (`nr_refine_memoised`); both key it alike.
final class AnswerMemo {
    struct Key: Hashable {
        var decision: Int32
        /// `slot << 16 | cell` of each given fact, ascending.
        var cells: [UInt32]
    }

    /// What `refine` left for the decision.
    struct Answer {
        var status: Status
        var mask: UInt64
        var guardTruth: Truth
        var taken: [Int32]
        /// Nil when refine left the needs to be computed on demand.
        var needs: [Int32]?
        var approximate: Bool
    }

    /// Entries kept before the memo starts again (a bound on memory, not a cache policy).
    static let limit = 20_000
    private(set) var entries: [Key: Answer] = [:]
    /// The current case's cells (`Evaluator.givenCells`), valid while `caseEpoch` is its epoch.
    var caseEpoch: UInt32 = 0
    var caseCells: [UInt32]?

    func store(_ key: Key, _ answer: Answer) {
        if entries.count >= Self.limit { entries.removeAll(keepingCapacity: true) }
        entries[key] = answer
    }

    func answer(_ key: Key) -> Answer? { entries[key] }

    /// Forgets every answer (when the exactness settings change).
    func removeAll() { entries.removeAll() }
}

extension Evaluator {
    /// `refine`, through the answer memo. A traced case is refined afresh, since its trace
    /// records the narrowings.
    func refineMemoised(_ d: Int) {
        guard !tracing, let key = answerKey(d) else { refine(d); return }
        let state = exactState
        if let known = state.answers.answer(key) {
            restore(d, known)
            return
        }
        refine(d)
        state.answers.store(key, AnswerMemo.Answer(
            status: status[d], mask: outputMask[d], guardTruth: guardTruth[d], taken: Array(taken(by: d)),
            needs: needsEpoch[d] == epoch ? Array(needs(storedFor: d)) : nil, approximate: state.approximate[d] == epoch))
    }

    /// The memo's key of the case for `d`: nil when a given value lies in no cell.
    func answerKey(_ d: Int) -> AnswerMemo.Key? {
        let memo = exactState.answers
        if memo.caseEpoch != epoch {
            memo.caseEpoch = epoch
            memo.caseCells = givenCells()
        }
        return memo.caseCells.map { AnswerMemo.Key(decision: Int32(d), cells: $0) }
    }

    /// `slot << 16 | cell` of each given fact, ascending; nil when a value lies in no cell. The
    /// given facts do not change while a case is evaluated, so this is made once per case.
    func givenCells() -> [UInt32]? {
        let cells = graph.network.cells
        var key: [UInt32] = []
        for k in 0..<values.writtenCount.pointee {
            let slot = Int(values.written[k]), value = values.storage[slot]
            // Values derived in this case follow from the given ones.
            guard value != Evaluator.unknown, derivedBy[slot] < 0 || derivedEpoch[slot] != epoch else { continue }
            guard let cell = cells.cell(of: slot, value: value), cell <= 0xffff, slot <= 0xffff else { return nil }
            key.append(UInt32(slot) << 16 | UInt32(cell))
        }
        return key.sorted()
    }

    func restore(_ d: Int, _ answer: AnswerMemo.Answer) {
        guardTruth[d] = answer.guardTruth
        dropTaken(d)
        setResult(d, answer.status, answer.mask)
        for ref in answer.taken { take(d, ref) }
        if let needs = answer.needs { storeNeeds(d, needs) }
        if answer.approximate { exactState.approximate[d] = epoch }
    }

    /// The needs `storeNeeds` recorded for `d` in this case.
    func needs(storedFor d: Int) -> UnsafeBufferPointer<Int32> {
        UnsafeBufferPointer(start: needsStore.base + Int(needsStart[d]), count: Int(needsCount[d]))
    }
}

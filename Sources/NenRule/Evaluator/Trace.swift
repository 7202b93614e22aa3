/// Trace events are recorded compactly (kinds and indices) while evaluating and turned into
/// `TraceEvent`s with names and values only when a result is rendered.
struct TraceRecord: BitwiseCopyable {
    enum Kind: UInt8, BitwiseCopyable { case entered, applies, branch, criterion, derived, narrowed }

    var kind: Kind
    /// The decision the event belongs to.
    var decision: Int32
    /// Branch or criterion number (1-based; 0 = otherwise), or the derived slot.
    var index: Int32
    var truth: Truth
    /// For `derived`: the deriving decision; for `narrowed`: the constraint.
    var aux: Int32
}

extension Evaluator {
    func record(_ kind: TraceRecord.Kind, _ decision: Int, index: Int32 = 0, truth: Truth = .true, aux: Int32 = 0) {
        traceDirty = true
        traceStore.append(TraceRecord(kind: kind, decision: Int32(decision), index: index, truth: truth, aux: aux))
    }

    /// The decision being evaluated: the innermost one in progress (derivations nest).
    func currentDecision() -> Int {
        var innermost = -1
        for record in trace.reversed() where record.kind == .entered && inProgress[Int(record.decision)] {
            innermost = Int(record.decision)
            break
        }
        return innermost
    }

    /// The events of one decision, in order, with the facts each condition read.
    func traceEvents(_ d: Int) -> [TraceEvent] {
        let decision = graph.decisions[d]
        return trace.filter { $0.decision == Int32(d) }.map { record in
            switch record.kind {
            case .entered: return .entered(decision: decision.id)
            case .applies: return .applies(record.truth, reads: readings(decision.guardReads))
            case .branch:
                let branch = record.index == 0 ? decision.otherwise! : decision.branches[Int(record.index) - 1]
                return .branch(index: Int(record.index), truth: record.truth, reads: readings(branch.reads), span: branch.span)
            case .criterion:
                let criterion = decision.branches[Int(record.index) - 1]
                return .criterion(index: Int(record.index), relative: criterion.relative, label: criterion.label, truth: record.truth,
                                  reads: readings(criterion.reads), span: criterion.span)
            case .derived:
                return .derived(fact: graph.facts[Int(record.index)].name, value: reading(record.index).value,
                                by: graph.decisions[Int(record.aux)].id)
            case .narrowed:
                return .narrowed(fact: graph.facts[Int(record.index)].name, values: narrowedValues(Int(record.index)),
                                 by: graph.constraints[Int(record.aux)].id, given: narrowingReads(Int(record.aux)))
            }
        }
    }

    func reading(_ slot: Int32) -> FactReading {
        let raw = values[Int(slot)]
        let fact = graph.facts[Int(slot)]
        return FactReading(fact: fact.name, value: raw == Evaluator.unknown ? nil : fact.display(raw), derived: graph.derivedBy[Int(slot)] >= 0)
    }

    func readings(_ slots: [Int32]) -> [FactReading] { slots.map { reading($0) } }

    /// The decision's inputs the constraints narrowed in this case, each once, with the constraint
    /// that narrowed it last: "`liver_metastasis` is false by `metastasis.m0`".
    func recordNarrowings(_ d: Int, _ narrowing: ConstraintNetwork.Narrowing) {
        for slot in exactState.closure[d] where values.storage[Int(slot)] == Evaluator.unknown {
            guard let by = narrowing.narrowedBy[Int(slot)] else { continue }
            record(.narrowed, d, index: slot, aux: Int32(by))
        }
    }

    /// What a narrowed fact may still be, in words: members, or ranges of a number.
    public func narrowedValues(_ slot: Int) -> [String] {
        let cells = graph.network.cells, fact = graph.facts[slot]
        return exactState.narrowing.domains[slot].members.map { cells.text(fact, slot, $0) }
    }

    /// The given facts a constraint read, as the trace shows them.
    func narrowingReads(_ constraint: Int) -> [FactReading] {
        graph.constraints[constraint].condition.facts.filter { values.storage[$0] != Evaluator.unknown }.map { reading(Int32($0)) }
    }
}

/// Whether a case's given facts can describe one patient: they must satisfy every constraint,
/// and a fact the case gives must agree with what its derivation makes of the other given
/// facts. Inconsistent input is an error, never an answer.
extension Evaluator {
    /// Checks the facts written since `reset()`; call before evaluating. Errors name the
    /// constraint, its citation and the given facts it reads.
    public func validate() -> [Diagnostic] {
        // Durations between two dates first: the constraints see them.
        var found: [Diagnostic] = graph.dateSpans.isEmpty ? [] : computeDurations()
        if !graph.network.isEmpty {
            // The same narrowing exact answers start from, memoised across cases.
            let narrowing = caseNarrowing()
            if let conflict = narrowing.conflict {
                found.append(brokenConstraint(conflict, narrowing))
            } else if exactState.constraintMemo.satisfiable(narrowing.domains, graph.network) == false,
                      let first = graph.network.constrainedFacts.lazy.filter({ self.values.storage[$0] != Evaluator.unknown })
                          .compactMap({ self.graph.network.byFact[$0].first }).first {
                // Propagation alone left every fact a value; no whole case fits them together.
                found.append(brokenConstraint(first, narrowing))
            }
        }
        found += contradictedDerivations()
        return found
    }

    func brokenConstraint(_ index: Int, _ narrowing: ConstraintNetwork.Narrowing) -> Diagnostic {
        let constraint = graph.constraints[index]
        let given = constraint.condition.facts.filter { values.storage[$0] != Evaluator.unknown }
            .map { "`\(graph.facts[$0].name)` = \(graph.facts[$0].display(values.storage[$0]))" }
        var notes = ["given " + (given.isEmpty ? "no fact it reads" : given.joined(separator: ", "))]
        for (fact, by) in narrowing.narrowedBy.sorted(by: { $0.key < $1.key }) where by != index && constraint.condition.facts.contains(fact) {
            notes.append("`\(graph.facts[fact].name)` was narrowed by `\(graph.constraints[by].id)`")
        }
        if !constraint.cites.isEmpty { notes.append("cite " + constraint.cites.joined(separator: ", ")) }
        return Diagnostic(.error, "inconsistent-case",
                          "the case breaks constraint `\(constraint.id)`" + (constraint.title.map { ": \($0)" } ?? ""),
                          notes: notes, help: "one of the given facts is wrong; correct it or leave it out",
                          subject: "constraint `\(constraint.id)`")
    }

    /// Given facts that a decision also derives, where the other given facts decide otherwise.
    func contradictedDerivations() -> [Diagnostic] {
        let given = (0..<values.writtenCount.pointee).map { Int(values.written[$0]) }
            .filter { values.storage[$0] != Evaluator.unknown }
        let derivedGiven = given.filter { graph.derivedBy[$0] >= 0 }
        guard !derivedGiven.isEmpty else { return [] }
        let scratch = exactState.scratch
        var found: [Diagnostic] = []
        for slot in derivedGiven {
            let by = Int(graph.derivedBy[slot])
            scratch.reset()
            for other in given where other != slot {
                scratch.values[other] = values.storage[other]
                scratch.recorded[other] = true
            }
            scratch.run(by)
            for other in given { scratch.recorded[other] = false }
            let mask = scratch.outputs(of: by)
            guard scratch.status[by] == .decided, mask.nonzeroBitCount == 1 else { continue }
            let derived = Int64(graph.decisions[by].localOutputs[mask.trailingZeroBitCount])
            guard derived != values.storage[slot] else { continue }
            let fact = graph.facts[slot]
            found.append(Diagnostic(.error, "inconsistent-case",
                "`\(fact.name)` is given as \(fact.display(values.storage[slot])), but `\(graph.decisions[by].id)` derives \(fact.display(derived)) from the other facts",
                notes: ["the facts it reads: " + graph.decisions[by].branches.flatMap(\.reads).reduce(into: [Int32]()) { if !$0.contains($1) { $0.append($1) } }
                    .filter { values.storage[Int($0)] != Evaluator.unknown }
                    .map { "`\(graph.facts[Int($0)].name)` = \(graph.facts[Int($0)].display(values.storage[Int($0)]))" }.joined(separator: ", ")],
                help: "give the facts that agree, or leave `\(fact.name)` out so it is derived", subject: "fact `\(fact.name)`"))
        }
        return found
    }
}

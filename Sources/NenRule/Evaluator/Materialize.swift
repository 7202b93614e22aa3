/// Turns a decision's compact result into a `DecisionResult` with names, recommendations,
/// citations, needs and (when tracing) its trace.
extension Evaluator {
    public func result(_ d: Int) -> DecisionResult {
        let decision = graph.decisions[d]
        let mask = outputMask[d]
        let outcomes = (0..<decision.localOutputs.count).filter { mask & (1 << UInt64($0)) != 0 }
            .map { decision.outputNames[Int(decision.localOutputs[$0])] }
        var recommendations: [Recommendation] = []
        if status[d] == .decided { recommendations = recommend(decision, mask, taken(by: d)) }
        let needs = needs(of: d).map { graph.facts[Int($0)].name }
        var events: [TraceEvent] = []
        if tracing {
            events = traceEvents(d) + recommendations.map { .recommendation($0) }
        }
        return DecisionResult(id: decision.id, status: status[d], outcomes: outcomes, recommendations: recommendations,
                              needs: needs, trace: events, taken: taken(by: d).map { Int($0) }, applicability: guardTruth[d],
                              approximate: isApproximate(d))
    }

    /// The recommendations of the deciding branches, limited to the decided outputs.
    func recommend(_ decision: DecisionGraph.Decision, _ mask: UInt64, _ taken: some Collection<Int32>) -> [Recommendation] {
        if decision.kind == .criteria {
            return (0..<3).filter { mask & (1 << UInt64($0)) != 0 }.map {
                Recommendation(outcome: criteriaOutputs[$0], strength: nil, cites: decision.cites, notes: [])
            }
        }
        var recommendations: [Recommendation] = []
        for ref in taken {
            guard let branch = ref == Evaluator.otherwise ? decision.otherwise : decision.branches[Int(ref)] else { continue }
            for result in branch.results {
                guard let position = decision.localOutputs.firstIndex(of: Int32(result.output)), mask & (1 << UInt64(position)) != 0 else { continue }
                let recommendation = Recommendation(outcome: decision.outputNames[result.output], strength: result.strength,
                                                    cites: branch.cites, notes: branch.notes)
                if !recommendations.contains(recommendation) { recommendations.append(recommendation) }
            }
        }
        return recommendations
    }
}

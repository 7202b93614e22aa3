/// `unknown-sensitivity` (information): the facts without which a decision can never be decided,
/// whatever else the case says. A clinical system learns from it which facts a case must always
/// carry for each decision. Found by evaluating every explored region with the fact removed.
public struct UnknownSensitivityRule: LintRule {
    public let code = "unknown-sensitivity"
    let graph: DecisionGraph

    public init(graph: DecisionGraph) { self.graph = graph }

    public func findings(_ context: LintContext) -> [Diagnostic] {
        var evaluator = Evaluator(graph: graph)
        // Only "decided or not" matters here: exploration may stop at the first disagreement.
        evaluator.exactStatusOnly = true
        var found: [Diagnostic] = []
        for space in context.spaces where !space.incomplete && !space.leaves.isEmpty {
            let required = space.facts.map(\.fact).filter { fact in
                !space.leaves.contains { leaf in decided(without: fact, at: leaf.point, space.decision, &evaluator) }
            }
            guard !required.isEmpty else { continue }
            let decision = context.model.decisions[space.decision]
            let names = required.map { "`\(context.model.facts[$0].name)`" }.joined(separator: ", ")
            found.append(Diagnostic(.info, code, "`\(decision.id)` is never decided without \(names)", at: decision.idSpan))
        }
        return found
    }

    func decided(without fact: Int, at point: [Int: Int64], _ decision: Int, _ evaluator: inout Evaluator) -> Bool {
        evaluator.reset()
        for (slot, value) in point where slot != fact { evaluator.values[slot] = value }
        return evaluator.decide(decision).status == .decided
    }
}

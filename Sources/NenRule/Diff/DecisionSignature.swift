/// A decision in words that do not depend on node numbering, slot order or layout: two
/// versions of a rule set whose decision reads the same words answer alike on every case (given
/// the same facts, derivations and constraints), so `diff` explores only decisions whose words,
/// or whose inputs' words, changed.
enum DecisionSignature {
    static func of(_ decision: DecisionGraph.Decision, in graph: DecisionGraph) -> String {
        var out = "\(decision.kind.rawValue) \(decision.policy.rawValue) guard \(expression(decision.guardNode, graph))\n"
        if decision.derives >= 0 { out += "derives \(graph.facts[Int(decision.derives)].name)\n" }
        for branch in decision.branches { out += line(branch, decision, graph) }
        if let otherwise = decision.otherwise { out += "otherwise " + line(otherwise, decision, graph) }
        out += "cite " + decision.cites.joined(separator: ", ")
        return out
    }

    static func line(_ branch: DecisionGraph.Branch, _ decision: DecisionGraph.Decision, _ graph: DecisionGraph) -> String {
        let results = branch.results.map { ($0.strength.map { $0.rawValue + " " } ?? "") + decision.outputNames[$0.output] }
        return "when \(expression(branch.node, graph)) => \(results.joined(separator: ", ")) cite \(branch.cites.joined(separator: ", "))"
            + (branch.relative ? " relative" : "") + "\n"
    }

    /// A condition node written out, operands in their order.
    static func expression(_ node: Int32, _ graph: DecisionGraph) -> String {
        guard node >= 0 else { return "true" }
        switch graph.nodes[Int(node)] {
        case .not(let inner): return "not(\(expression(inner, graph)))"
        case .and(let start, let count), .or(let start, let count):
            let word = if case .and = graph.nodes[Int(node)] { "and" } else { "or" }
            return word + "(" + graph.operands[Int(start)..<Int(start + count)].map { expression($0, graph) }.joined(separator: ", ") + ")"
        case let leaf: return GraphDump.describe(leaf, graph)
        }
    }

    /// A fact's declaration in words (what a value of it means).
    static func of(_ fact: CheckedFact) -> String {
        "\(fact.type.description) \(fact.rangeText) also \(fact.equivalentUnits.map(\.name).joined(separator: ","))"
    }

    /// A constraint in words.
    static func of(_ constraint: DecisionGraph.Constraint, in graph: DecisionGraph) -> String {
        expression(constraint.node, graph)
    }
}

/// Deterministic text forms of the graph: the canonical form that is hashed for the digest
/// (no spans, so reformatting the rules does not change it), and a readable dump for tests.
public enum GraphDump {
    /// The canonical form hashed into the rule-set digest.
    public static func canonical(_ graph: DecisionGraph) -> String {
        var out = "nenrule-graph 1\n"
        out += "guideline \(graph.info.name) \(graph.info.version ?? "")\n"
        for (slot, fact) in graph.facts.enumerated() {
            out += "slot \(slot) \(fact.name) \(fact.type.description)"
            if let low = fact.low { out += " low \(low.inclusive ? ">=" : ">") \(low.value)" }
            if let high = fact.high { out += " high \(high.inclusive ? "<=" : "<") \(high.value)" }
            out += " derived \(graph.derivedBy[slot])\n"
        }
        for (name, label) in graph.outcomeLabels.sorted(by: { $0.key < $1.key }) {
            out += "outcome \(name) \(JSONWriter.quote(label))\n"
        }
        for (index, node) in graph.nodes.enumerated() { out += "node \(index) \(describe(node, graph))\n" }
        for decision in graph.decisions {
            out += "decision \(decision.id) \(decision.kind.rawValue) \(decision.policy.rawValue) guard \(decision.guardNode) derives \(decision.derives)\n"
            if decision.derives >= 0 || decision.kind == .criteria {
                out += "  outputs \(decision.outputNames.joined(separator: " "))\n"
            }
            for (index, branch) in decision.branches.enumerated() { out += branchLine("branch \(index + 1)", branch, decision) }
            if let otherwise = decision.otherwise { out += branchLine("otherwise", otherwise, decision) }
        }
        for constraint in graph.constraints {
            out += "constraint \(constraint.id) node \(constraint.node)"
            if !constraint.cites.isEmpty { out += " cite " + constraint.cites.map { JSONWriter.quote($0) }.joined(separator: ", ") }
            for note in constraint.notes { out += " note " + JSONWriter.quote(note) }
            out += "\n"
        }
        return out
    }

    static func branchLine(_ label: String, _ branch: DecisionGraph.Branch, _ decision: DecisionGraph.Decision) -> String {
        let results = branch.results.map { ($0.strength.map { $0.rawValue + " " } ?? "") + decision.outputNames[$0.output] }
        var line = "  \(label) node \(branch.node)"
        if branch.relative { line += " relative" }
        line += " => " + (results.isEmpty ? "-" : results.joined(separator: ", "))
        if !branch.cites.isEmpty { line += " cite " + branch.cites.map { JSONWriter.quote($0) }.joined(separator: ", ") }
        for note in branch.notes { line += " note " + JSONWriter.quote(note) }
        return line + "\n"
    }

    /// One node in words, with fact names and values in their units.
    public static func describe(_ node: DecisionGraph.Node, _ graph: DecisionGraph) -> String {
        func fact(_ slot: Int32) -> CheckedFact { graph.facts[Int(slot)] }
        switch node {
        case .constant(let value): return value ? "true" : "false"
        case .isTrue(let slot): return fact(slot).name
        case .known(let slot): return "known(\(fact(slot).name))"
        case .compare(let slot, let op, let value): return "\(fact(slot).name) \(op.rawValue) \(fact(slot).display(value))"
        case .member(let slot, let mask):
            let members = (0..<64).filter { mask & (1 << UInt64($0)) != 0 }.map { fact(slot).display(Int64($0)) }
            return "\(fact(slot).name) in { \(members.joined(separator: ", ")) }"
        case .not(let inner): return "not #\(inner)"
        case .and(let start, let count), .or(let start, let count):
            let word = if case .and = node { "and" } else { "or" }
            let children = graph.operands[Int(start)..<Int(start + count)].map { "#\($0)" }
            return "\(word)(\(children.joined(separator: ", ")))"
        }
    }
}

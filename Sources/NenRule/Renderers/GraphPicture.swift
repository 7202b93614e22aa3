/// The compiled graph laid out as a picture, independent of the drawing language: facts,
/// shared condition nodes, one cluster per decision (its head, its rules, the values it derives)
/// and outcomes, joined by edges fact → condition → rule → outcome and derived value → fact.
public struct GraphPicture: Sendable {
    public enum Kind: String, Sendable {
        case fact, derivedFact = "derived_fact", condition, connective, decision, rule, outcome, value, result, constraint
    }

    public enum EdgeStyle: Sendable {
        /// A condition or outcome flowing on.
        case flow
        /// A decision's head to its rules: structure, not data.
        case structure
        /// A derived value feeding the fact it derives.
        case derives
        /// A constraint to a fact it relates: no direction, facts narrow one another.
        case relates
    }

    public struct Node: Sendable {
        public var id: String
        public var kind: Kind
        public var lines: [String]
        /// Index into `clusters`, or nil for shared nodes.
        public var cluster: Int?
    }

    public struct Edge: Sendable, Hashable {
        public var from: String
        public var to: String
        public var label: String?
        public var style: EdgeStyle
    }

    public struct Cluster: Sendable {
        public var id: String
        public var label: String
    }

    public var title: String
    public var nodes: [Node] = []
    public var edges: [Edge] = []
    public var clusters: [Cluster] = []

    public init(_ graph: DecisionGraph, scope: GraphScope) {
        title = graph.info.name + (graph.info.version.map { " " + $0 } ?? "")
            + (scope.focus.map { " — " + graph.decisions[$0].id } ?? "")
        var builder = GraphPictureBuilder(graph: graph)
        builder.addFacts(scope.usedFacts)
        builder.addConditions(scope.nodes)
        for decision in scope.decisions { builder.addDecision(decision) }
        builder.addOutcomes()
        builder.addConstraints(scope.constraints)
        nodes = builder.nodes
        edges = builder.edges
        clusters = builder.clusters
    }

    static func factID(_ graph: DecisionGraph, _ slot: Int) -> String { "F_" + graph.facts[slot].name }
    static func conditionID(_ node: Int) -> String { "C\(node)" }
}

/// Accumulates nodes and edges in a fixed order; edges are de-duplicated in first-seen order.
struct GraphPictureBuilder {
    let graph: DecisionGraph
    var nodes: [GraphPicture.Node] = []
    var edges: [GraphPicture.Edge] = []
    var clusters: [GraphPicture.Cluster] = []
    var seenEdges: Set<GraphPicture.Edge> = []
    /// Outcome names in order of first use, drawn once each after the decisions.
    var outcomes: [String] = []
    var valueNodes: Set<String> = []

    mutating func connect(_ from: String, _ to: String, _ label: String? = nil, _ style: GraphPicture.EdgeStyle = .flow) {
        let edge = GraphPicture.Edge(from: from, to: to, label: label, style: style)
        if seenEdges.insert(edge).inserted { edges.append(edge) }
    }

    mutating func addFacts(_ slots: [Int]) {
        for slot in slots {
            let fact = graph.facts[slot]
            let deriving = Int(graph.derivedBy[slot])
            var lines = [fact.name, Self.shortType(fact.type)]
            if deriving >= 0 { lines.append("derived by " + graph.decisions[deriving].id) }
            let kind: GraphPicture.Kind = deriving >= 0 ? .derivedFact : .fact
            nodes.append(.init(id: GraphPicture.factID(graph, slot), kind: kind, lines: lines, cluster: nil))
        }
    }

    /// A fact's type for a node label: long member lists are cut so the node stays small.
    static func shortType(_ type: FactType) -> String {
        guard case .enumeration(let members, let ordered) = type, members.count > 5 else { return type.description }
        return (ordered ? "ordered " : "") + "{ " + members.prefix(3).joined(separator: ", ") + ", … (\(members.count)) }"
    }

    mutating func addConditions(_ indices: [Int]) {
        for index in indices {
            let node = graph.nodes[index]
            let id = GraphPicture.conditionID(index)
            let children = GraphScope.operands(of: node, in: graph)
            let word: String? = switch node {
            case .and: "and"
            case .or: "or"
            case .not: "not"
            default: nil
            }
            let label = word ?? GraphDump.describe(node, graph)
            nodes.append(.init(id: id, kind: word == nil ? .condition : .connective, lines: [label], cluster: nil))
            for slot in GraphScope.slots(read: node) { connect(GraphPicture.factID(graph, slot), id) }
            for child in children { connect(GraphPicture.conditionID(child), id) }
        }
    }

    mutating func addDecision(_ index: Int) {
        let decision = graph.decisions[index]
        let cluster = clusters.count
        let head = "D\(index)"
        clusters.append(.init(id: "K\(index)", label: decision.id))
        let kind = decision.kind == .criteria ? "criteria set" : "policy \(decision.policy.rawValue)"
        nodes.append(.init(id: head, kind: .decision, lines: [decision.title ?? decision.id, kind], cluster: cluster))
        if decision.guardNode >= 0 { connect(GraphPicture.conditionID(Int(decision.guardNode)), head, "applies when") }
        if decision.kind == .criteria {
            addCriteria(index, head: head, cluster: cluster)
            return
        }
        for (number, branch) in decision.branches.enumerated() {
            let id = "D\(index)_\(number + 1)"
            addRule(id, ["rule \(number + 1)"], branch, index, head: head, cluster: cluster)
            connect(GraphPicture.conditionID(Int(branch.node)), id)
        }
        if let otherwise = decision.otherwise {
            addRule("D\(index)_else", ["otherwise"], otherwise, index, head: head, cluster: cluster)
        }
    }

    mutating func addRule(_ id: String, _ title: [String], _ branch: DecisionGraph.Branch, _ index: Int, head: String, cluster: Int) {
        nodes.append(.init(id: id, kind: .rule, lines: title + ruleNotes(branch), cluster: cluster))
        connect(head, id, nil, .structure)
        let decision = graph.decisions[index]
        for result in branch.results {
            if decision.derives >= 0 {
                let value = derivedValue(index, result.output, cluster: cluster)
                connect(id, value, result.strength?.rawValue)
                connect(value, GraphPicture.factID(graph, Int(decision.derives)), "derives", .derives)
            } else {
                let name = decision.outputNames[result.output]
                if !outcomes.contains(name) { outcomes.append(name) }
                connect(id, "O_" + name, result.strength?.rawValue)
            }
        }
    }

    /// The node for one value a decision derives (`grade = G2`), created the first time a rule
    /// gives it: several rules giving one value share the node.
    mutating func derivedValue(_ index: Int, _ output: Int, cluster: Int) -> String {
        let id = "V\(index)_\(output)"
        guard valueNodes.insert(id).inserted else { return id }
        let decision = graph.decisions[index]
        let label = "\(graph.facts[Int(decision.derives)].name) = \(decision.outputNames[output])"
        nodes.append(.init(id: id, kind: .value, lines: [label], cluster: cluster))
        return id
    }

    /// A rule's sections and the editorial resolutions recorded on it.
    func ruleNotes(_ branch: DecisionGraph.Branch) -> [String] {
        let editorial = branch.notes.flatMap(EditorialNote.ids)
        let sections = branch.cites.isEmpty ? [] : [branch.cites.joined(separator: ", ")]
        return sections + (editorial.isEmpty ? [] : ["⚖ " + editorial.joined(separator: ", ")])
    }

    mutating func addCriteria(_ index: Int, head: String, cluster: Int) {
        let result = "D\(index)_result"
        for (number, criterion) in graph.decisions[index].branches.enumerated() {
            let id = "D\(index)_\(number + 1)"
            let kind = criterion.relative ? "relative" : "required"
            let lines = ["\(kind) \(number + 1)"] + [criterion.label].compactMap { $0 } + ruleNotes(criterion)
            nodes.append(.init(id: id, kind: .rule, lines: lines, cluster: cluster))
            connect(head, id, nil, .structure)
            connect(GraphPicture.conditionID(Int(criterion.node)), id)
            connect(id, result, kind)
        }
        nodes.append(.init(id: result, kind: .result, lines: [criteriaOutputs.joined(separator: " / ")], cluster: cluster))
    }

    /// The constraints in scope, each fed by its condition node.
    mutating func addConstraints(_ indices: [Int]) {
        for index in indices {
            let constraint = graph.constraints[index]
            let id = "X\(index)"
            nodes.append(.init(id: id, kind: .constraint, lines: ["constraint " + constraint.id] + [constraint.title].compactMap { $0 },
                               cluster: nil))
            connect(GraphPicture.conditionID(Int(constraint.node)), id, nil, .relates)
        }
    }

    mutating func addOutcomes() {
        for name in outcomes {
            let lines = [name] + [graph.outcomeLabels[name]].compactMap { $0 }
            nodes.append(.init(id: "O_" + name, kind: .outcome, lines: lines, cluster: nil))
        }
    }
}

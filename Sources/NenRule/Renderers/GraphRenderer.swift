/// Draws the compiled graph as Graphviz DOT or a Mermaid flowchart, and serialises it as the
/// versioned JSON of Grammar/graph-json.md. Output depends only on the graph and the scope.
public enum GraphRenderer {
    /// Graphviz DOT (`dot -Tsvg`), left to right, one cluster per decision.
    public static func dot(_ graph: DecisionGraph, scope: GraphScope) -> String {
        let picture = GraphPicture(graph, scope: scope)
        var out = "digraph nenrule {\n"
        out += "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=11, labelloc=t, label=\(dotQuote(picture.title))];\n"
        out += "  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n"
        for node in picture.nodes where node.cluster == nil { out += "  " + dotNode(node) }
        for (index, cluster) in picture.clusters.enumerated() {
            out += "  subgraph cluster_\(cluster.id) {\n    label=\(dotQuote(cluster.label)); style=rounded; color=gray60;\n"
            for node in picture.nodes where node.cluster == index { out += "    " + dotNode(node) }
            out += "  }\n"
        }
        for edge in picture.edges { out += "  " + dotEdge(edge) }
        return out + "}\n"
    }

    static func dotNode(_ node: GraphPicture.Node) -> String {
        let shape = switch node.kind {
        case .fact: "shape=ellipse"
        case .derivedFact: "shape=ellipse, style=filled, fillcolor=\"#fff4cc\""
        case .condition: "shape=box, style=rounded"
        case .connective: "shape=circle, fixedsize=true, width=0.45"
        case .decision: "shape=box, style=\"bold,filled\", fillcolor=\"#e8eefc\""
        case .rule: "shape=box"
        case .outcome: "shape=box, style=filled, fillcolor=\"#e3f4e1\""
        case .value: "shape=ellipse, style=dashed"
        case .result: "shape=box, style=filled, fillcolor=\"#e3f4e1\""
        case .constraint: "shape=hexagon, style=dashed"
        }
        return "\(node.id) [label=\(dotQuote(node.lines.joined(separator: "\n"))), \(shape)];\n"
    }

    static func dotEdge(_ edge: GraphPicture.Edge) -> String {
        var attributes: [String] = edge.label.map { ["label=\(dotQuote($0))"] } ?? []
        switch edge.style {
        case .flow: break
        case .structure: attributes += ["style=dotted", "arrowhead=none", "color=gray50"]
        case .derives: attributes += ["style=bold"]
        case .relates: attributes += ["style=dashed", "dir=none", "color=gray40"]
        }
        return "\(edge.from) -> \(edge.to)" + (attributes.isEmpty ? "" : " [\(attributes.joined(separator: ", "))]") + ";\n"
    }

    /// A DOT string: quotes and backslashes escaped, line breaks as `\n`.
    static func dotQuote(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out + "\""
    }

    /// A Mermaid `flowchart`, every label quoted and escaped.
    public static func mermaid(_ graph: DecisionGraph, scope: GraphScope) -> String {
        let picture = GraphPicture(graph, scope: scope)
        var out = "flowchart LR\n"
        for node in picture.nodes where node.cluster == nil { out += "  " + mermaidNode(node) }
        for (index, cluster) in picture.clusters.enumerated() {
            out += "  subgraph \(cluster.id)[\(mermaidQuote(cluster.label))]\n"
            for node in picture.nodes where node.cluster == index { out += "    " + mermaidNode(node) }
            out += "  end\n"
        }
        for edge in picture.edges {
            let arrow = switch edge.style {
            case .flow: "-->"
            case .structure: "-.-"
            case .derives: "==>"
            case .relates: "-.-"
            }
            out += "  \(edge.from) \(arrow)\(edge.label.map { "|\(mermaidQuote($0))|" } ?? "") \(edge.to)\n"
        }
        return out + mermaidClasses(picture)
    }

    static func mermaidNode(_ node: GraphPicture.Node) -> String {
        let label = node.lines.map(mermaidEscape).joined(separator: "<br/>")
        let (open, close) = switch node.kind {
        case .fact, .derivedFact, .value: ("([", "])")
        case .condition: ("(", ")")
        case .connective: ("((", "))")
        case .decision: ("[[", "]]")
        case .rule, .result: ("[", "]")
        case .outcome: ("{{", "}}")
        case .constraint: (">", "]")
        }
        return "\(node.id)\(open)\"\(label)\"\(close)\n"
    }

    /// Colours by kind, as in the DOT form.
    static func mermaidClasses(_ picture: GraphPicture) -> String {
        let styles: [(GraphPicture.Kind, String)] = [
            (.derivedFact, "fill:#fff4cc"), (.decision, "fill:#e8eefc,stroke-width:2px"),
            (.outcome, "fill:#e3f4e1"), (.result, "fill:#e3f4e1"), (.value, "stroke-dasharray:4 3"),
            (.constraint, "stroke-dasharray:4 3,fill:#f4f4f4"),
        ]
        var out = ""
        for (kind, style) in styles {
            let members = picture.nodes.filter { $0.kind == kind }.map(\.id)
            guard !members.isEmpty else { continue }
            out += "  classDef \(kind.rawValue) \(style)\n  class \(members.joined(separator: ",")) \(kind.rawValue)\n"
        }
        return out
    }

    static func mermaidQuote(_ text: String) -> String { "\"" + mermaidEscape(text) + "\"" }

    /// Mermaid reads `"` as the end of a label and `#…;` as an entity, and renders labels as
    /// HTML: those characters become entity codes.
    static func mermaidEscape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\"": out += "#quot;"
            case "#": out += "#35;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "&": out += "#amp;"
            case "`": out += "#96;"
            default: out.append(character)
            }
        }
        return out
    }
}

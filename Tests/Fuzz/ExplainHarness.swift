import NenRule

/// Harness (f): arbitrary bytes as one rule file, compiled, then every decision explained (text
/// and Markdown) and the graph drawn in every format (DOT, Mermaid, JSON), whole and focused on
/// each decision, as `nenrule explain`, `graph` and `catalog` print them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExplain(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let compilation = Frontend.compile([SourceFile(path: "fuzz.nenrule", bytes: FuzzInput.bytes(data, size))])
    guard let model = compilation.model, let graph = compilation.graph else { return 0 }
    FuzzInput.require(model.decisions.count == graph.decisions.count, "the model and the graph count decisions differently")
    let explainer = ExplainRenderer(model: model)
    for index in model.decisions.indices {
        FuzzInput.require(!explainer.text(index).isEmpty && !explainer.markdown(index).isEmpty, "an empty explanation")
    }
    ExplainCheck.draw(graph, focus: nil)
    // Focused drawings repeat the whole graph's work per decision: a few suffice.
    for index in graph.decisions.indices.prefix(8) { ExplainCheck.draw(graph, focus: index) }
    _ = CatalogRenderer.markdown(compilation, root: "/")
    return 0
}

enum ExplainCheck {
    /// Every format of one scope; the JSON must read back.
    static func draw(_ graph: DecisionGraph, focus: Int?) {
        let scope = GraphScope(graph, focus: focus)
        FuzzInput.require(GraphRenderer.dot(graph, scope: scope).hasSuffix("}\n"), "DOT output is not closed")
        _ = GraphRenderer.mermaid(graph, scope: scope)
        let json = GraphRenderer.json(graph, scope: scope).render(pretty: true)
        FuzzInput.require((try? JSONReader.parse(json).get()) != nil, "graph JSON does not parse")
    }
}

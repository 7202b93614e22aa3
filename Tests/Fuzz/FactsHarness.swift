import NenRule

/// Harness (b): arbitrary bytes as a case-facts file, read and evaluated against the bundled
/// guideline exactly as `nenrule eval --facts` does, with the trace on and the JSON rendered.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFacts(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let graph = FuzzInput.guidelines
    guard case .success(let json) = JSONReader.parse(FuzzInput.bytes(data, size)) else { return 0 }
    var evaluator = Evaluator(graph: graph)
    evaluator.tracing = true
    let diagnostics = CaseReader.load(json, into: &evaluator)
    for diagnostic in diagnostics {
        FuzzInput.require(diagnostic.subject != nil || diagnostic.code == "case-shape", "case diagnostic `\(diagnostic.code)` names no fact")
    }
    // Like `eval`: a case with bad facts is not evaluated.
    guard !diagnostics.contains(where: { $0.severity == .error }) else { return 0 }
    let evaluation = evaluator.evaluate()
    let renderer = EvaluationRenderer(graph: graph, sources: nil)
    let rendered = renderer.json(evaluation).render(pretty: false)
    FuzzInput.require((try? JSONReader.parse(rendered).get()) != nil, "eval output is not JSON")
    _ = renderer.text(evaluation, showAll: false)
    return 0
}

import NenRule

/// Harness (e): arbitrary bytes as one rule file through the checker, every lint rule (plain and
/// `--strict`) and the rule file's own tests with coverage, as `nenrule lint` and `nenrule test`
/// run them, with the findings rendered as text, JSON and SARIF.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLint(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let compilation = Frontend.compile([SourceFile(path: "fuzz.nenrule", bytes: FuzzInput.bytes(data, size))])
    // A smaller work bound than the CLI's keeps one input well under the timeout; the bound and
    // its `analysis-incomplete` finding are exercised all the more.
    var options = Linter.Options(strict: size % 2 == 1)
    options.workBound = 20_000
    let findings = Linter.lint(compilation, options: options)
    for diagnostic in compilation.diagnostics {
        FuzzInput.require(findings.contains { $0.code == diagnostic.code && $0.span == diagnostic.span },
                          "lint dropped the compiler's `\(diagnostic.code)`")
    }
    _ = DiagnosticRenderer.textAll(findings, sources: compilation.sources)
    for finding in findings {
        let json = DiagnosticRenderer.json(finding, sources: compilation.sources).render(pretty: false)
        FuzzInput.require((try? JSONReader.parse(json).get()) != nil, "a lint finding is not JSON: \(json)")
    }
    let sarif = SARIFRenderer.render(findings, sources: compilation.sources, base: "/").render(pretty: true)
    FuzzInput.require((try? JSONReader.parse(sarif).get()) != nil, "the SARIF log is not JSON")
    if let model = compilation.model, let graph = compilation.graph {
        _ = TestRunner.runWithCoverage(model, graph)
    }
    return 0
}

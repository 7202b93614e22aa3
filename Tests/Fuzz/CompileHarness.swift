import NenRule

/// Harness (a): arbitrary bytes as one rule file through lexer, parser, checker and compiler.
/// Any input must end as a `Compilation`, with diagnostics or a graph, never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCompile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    let compilation = Frontend.compile([SourceFile(path: "fuzz.nenrule", bytes: bytes)])
    // A graph exists exactly when there are no errors; rendering touches every span.
    FuzzInput.require((compilation.graph != nil) == !compilation.hasErrors, "graph present despite errors, or missing without")
    _ = DiagnosticRenderer.textAll(compilation.diagnostics, sources: compilation.sources)
    return 0
}

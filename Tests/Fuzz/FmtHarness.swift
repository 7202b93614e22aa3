import NenRule

/// Harness (d): arbitrary bytes as one rule file through `Formatter`, as `nenrule fmt` runs it.
/// A file that parses must format (a `fmt-changed-meaning` refusal is a formatter bug); the
/// output must parse to the same syntax tree, comments included, and format to itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFmt(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let source = SourceFile(path: "fuzz.nenrule", bytes: FuzzInput.bytes(data, size))
    let (ast, syntax) = Parser.parse(source, file: 0)
    let output = Formatter.format(source)
    guard !syntax.contains(where: { $0.severity == .error }) else {
        FuzzInput.require(output.text == nil, "a file with syntax errors was formatted")
        return 0
    }
    guard let text = output.text else {
        FuzzInput.require(false, "a file that parses was not formatted: \(output.diagnostics.map(\.message))")
        return 0
    }
    let (reparsed, errors) = Parser.parse(SourceFile(path: "formatted.nenrule", text: text), file: 0)
    FuzzInput.require(!errors.contains { $0.severity == .error }, "the formatted text does not parse:\n\(text)")
    FuzzInput.require(FuzzInput.comparable(reparsed) == FuzzInput.comparable(ast), "formatting changed the syntax tree:\n\(text)")
    FuzzInput.require(Formatter.format(SourceFile(path: "formatted.nenrule", text: text)).text == text,
                      "formatting twice changes the text:\n\(text)")
    return 0
}

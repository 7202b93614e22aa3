import Foundation
import NenRule

/// Helpers shared by the harnesses: the input as bytes, invariants that report like a crash,
/// and the bundled guideline compiled once.
enum FuzzInput {
    static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// A broken invariant is a finding: trap so libFuzzer saves the input.
    static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError("invariant broken: \(message())") }
    }

    /// The position-free dump of a syntax tree, comments included but without the trailing white
    /// space the formatter drops (it means nothing): what formatting must keep.
    static func comparable(_ ast: FileAST) -> String {
        var ast = ast
        for index in ast.comments.indices {
            while let last = ast.comments[index].text.last, last == " " || last == "\t" || last == "\r" { ast.comments[index].text.removeLast() }
        }
        return ASTDump.dump(ast)
    }

    /// `$NENRULE_GUIDELINES` (set by run.sh), else Guidelines/ of the checkout holding this file.
    static let guidelines: DecisionGraph = {
        let path = ProcessInfo.processInfo.environment["NENRULE_GUIDELINES"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Guidelines").path
        // Swift keeps enum case tags in the spare bits of pointers, which LeakSanitizer cannot
        // follow: the constraints' conditions the graph holds for good look unreachable, and
        // libFuzzer calls the first input (which loads the guideline) a leak. The load happens
        // once; leaks of the inputs themselves are still caught.
        lsanDisable()
        defer { lsanEnable() }
        let compilation = Frontend.load(path: path)
        guard let graph = compilation.graph else {
            // Not a finding: the harness cannot start, so say why and stop before fuzzing.
            FileHandle.standardError.write(Data(DiagnosticRenderer.textAll(compilation.diagnostics, sources: compilation.sources).utf8))
            fatalError("the guideline at \(path) does not compile")
        }
        return graph
    }()
}

@_silgen_name("__lsan_disable") func lsanDisable()
@_silgen_name("__lsan_enable") func lsanEnable()

import Foundation
@testable import NenRule

/// Shared helpers: compile inline rule text, evaluate cases, find the repository.
enum Fixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var guidelines: String { repositoryRoot.appendingPathComponent("Guidelines").path }

    static func compile(_ text: String, path: String = "test.nenrule") -> Compilation {
        Frontend.compile([SourceFile(path: path, text: text)])
    }

    /// Compiles text that must be free of errors and returns its graph.
    static func graph(_ text: String) -> DecisionGraph {
        let compilation = compile(text)
        precondition(!compilation.hasErrors, DiagnosticRenderer.textAll(compilation.diagnostics, sources: compilation.sources))
        return compilation.graph!
    }

    /// Evaluates one decision of `graph` on a JSON case.
    static func decide(_ graph: DecisionGraph, _ id: String, _ json: String, trace: Bool = false) -> DecisionResult {
        var evaluator = Evaluator(graph: graph)
        evaluator.tracing = trace
        let parsed = try! JSONReader.parse(json).get()
        let diagnostics = CaseReader.load(parsed, into: &evaluator)
        precondition(diagnostics.isEmpty, "\(diagnostics)")
        return evaluator.decide(graph.decisionIndex(id)!)
    }

    static func codes(_ compilation: Compilation) -> [String] { compilation.diagnostics.map(\.code) }

    static func rendered(_ compilation: Compilation) -> String {
        DiagnosticRenderer.textAll(compilation.diagnostics, sources: compilation.sources)
    }
}

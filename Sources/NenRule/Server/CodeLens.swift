/// Code lenses: on each test, its result and a command that runs it; on each decision, its
/// branch coverage by the rule set's tests. Results are computed once per compilation.
final class LensCache {
    let generation: Int
    var outcomes: [String: TestRunner.Outcome] = [:]
    var coverage: Coverage?

    init(generation: Int) { self.generation = generation }
}

extension LanguageServer {
    func codeLenses(_ params: JSONValue?) throws(ResponseError) -> JSONNode {
        guard let uri = params?["textDocument"]?["uri"]?.string, let path = FileURI.path(uri), let file = workspace.fileIndex(path) else {
            throw ResponseError(code: .invalidParams, message: "no rule file of the workspace at `textDocument.uri`")
        }
        guard let model = workspace.compilation.model, let graph = workspace.compilation.graph else { return .array([]) }
        let cache = currentLensCache()
        var lenses: [JSONNode] = []
        let tests = model.tests.filter { $0.span.file == file }
        let missing = tests.filter { cache.outcomes[$0.name] == nil }
        for outcome in TestRunner.run(missing, graph) { cache.outcomes[outcome.name] = outcome }
        for test in tests {
            guard let range = workspace.range(Span(file: file, start: test.span.start, end: test.span.start)) else { continue }
            let outcome = cache.outcomes[test.name]
            let title = outcome.map { $0.passed ? "✓ passed — run test" : "✗ failed: \($0.failures[0].message) — run test" } ?? "run test"
            lenses.append(lens(range, title, "nenrule.runTest", [.string(uri), .string(test.name)]))
        }
        let decisions = model.decisions.filter { $0.span.file == file }
        if !decisions.isEmpty {
            let coverage = cache.coverage ?? TestRunner.runWithCoverage(model, graph).coverage
            cache.coverage = coverage
            for decision in decisions {
                guard let entry = coverage.entries.first(where: { $0.decision == decision.id }), let range = workspace.range(decision.idSpan) else { continue }
                let covered = entry.targets.count - entry.missed.count
                var title = "branch coverage \(covered)/\(entry.targets.count)"
                if !entry.missed.isEmpty { title += " — not taken: " + entry.missed.map(\.label).joined(separator: ", ") }
                lenses.append(lens(range, title, nil, []))
            }
        }
        return .array(lenses)
    }

    private func lens(_ range: JSONNode, _ title: String, _ command: String?, _ arguments: [JSONNode]) -> JSONNode {
        .object([("range", range), ("command", .object([("title", .string(title)), ("command", .string(command ?? "")), ("arguments", .array(arguments))]))])
    }

    private func currentLensCache() -> LensCache {
        if let cache = lensCache, cache.generation == workspace.generation { return cache }
        let cache = LensCache(generation: workspace.generation)
        lensCache = cache
        return cache
    }

    /// `nenrule.runTest(uri, name)`: runs the named test and answers with its result.
    func executeCommand(_ params: JSONValue?) throws(ResponseError) -> JSONNode {
        guard params?["command"]?.string == "nenrule.runTest", let arguments = params?["arguments"]?.array, arguments.count == 2,
              let name = arguments[1].string else {
            throw ResponseError(code: .invalidParams, message: "expected `nenrule.runTest` with a document URI and a test name")
        }
        guard let model = workspace.compilation.model, let graph = workspace.compilation.graph else {
            throw ResponseError(code: .requestFailed, message: "the rule set has errors: fix them to run tests")
        }
        let tests = model.tests.filter { $0.name == name }
        guard !tests.isEmpty else { throw ResponseError(code: .invalidParams, message: "no test named \"\(name)\"") }
        let outcomes = TestRunner.run(tests, graph)
        for outcome in outcomes { currentLensCache().outcomes[outcome.name] = outcome }
        return .object([("name", .string(name)), ("passed", .bool(outcomes.allSatisfy(\.passed))),
                        ("failures", .array(outcomes.flatMap(\.failures).map { failure in
                            .object([("message", .string(failure.message)), ("location", workspace.location(failure.span) ?? .null)])
                        }))])
    }
}

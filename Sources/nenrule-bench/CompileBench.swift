import NenRule

/// Part (d): check + compile of a rule set in-process (`Frontend.load`: read, lex, parse,
/// check, compile), the median of several runs after one warm-up.
struct CompileFigure {
    var name: String
    var decisions: Int
    var milliseconds: Double
}

struct CompileBench {
    let runs: Int

    func measure(_ name: String, path: String) throws -> CompileFigure {
        var times: [Double] = []
        var decisions = 0
        for run in 0...runs {
            let start = Clock.now()
            let compilation = Frontend.load(path: path)
            let seconds = Clock.seconds(since: start)
            guard let graph = compilation.graph else {
                let first = compilation.diagnostics.first { $0.severity == .error }.map { "\($0.code): \($0.message)" } ?? "no graph"
                throw BenchError("`\(path)` does not compile (\(first))")
            }
            decisions = graph.decisions.count
            if run > 0 { times.append(seconds * 1000) }
        }
        return CompileFigure(name: name, decisions: decisions, milliseconds: median(times))
    }
}

/// Command-line options and the problem sizes they imply.
struct BenchOptions {
    static let usage = """
        usage: nenrule-bench [--quick] [--parts abcdfg] [--batch-cases N] [--guidelines PATH] [--nenrule PATH]
               nenrule-bench peer RULES CASES     (used by Benchmarks/peers.sh)
               nenrule-bench cohort N FILE [RULES] [--realistic] (a batch cohort, for profiling)

          --quick            sizes shrunk 10x: a smoke run, not figures to publish
          --parts LETTERS    run only these parts (a evaluation, b batch and peak memory,
                             c --trace, d check+compile, f language-server re-check,
                             g diff --cases against batch;
                             (e), peak memory, is part of b),
                             e.g. `--parts a` under a profiler
          --batch-cases N    cases per cohort in (b) (default 1 000 000, 100 000 with --quick)
          --guidelines PATH  the bundled rule set (default: Guidelines)
          --nenrule PATH     the nenrule binary for the batch runs (default: the release build
                             beside this executable, brought up to date with `swift build`)

        """

    var quick = false
    var parts: Set<Character> = ["a", "b", "c", "d", "f", "g"]
    var guidelines = "Guidelines"
    var nenrule: String?
    var batchCases: Int?

    /// Divides full sizes in a quick run.
    var shrink: Int { quick ? 10 : 1 }
    /// Part (a): distinct cases per decision, timed runs, passes over the cases per run.
    var evaluationCases: Int { 100_000 / shrink }
    var evaluationRuns: Int { 11 }
    var evaluationPasses: Int { 5 }
    /// Parts (b)–(e).
    var cohortCases: Int { batchCases ?? 1_000_000 / shrink }
    /// Traced batch runs are slow enough (milliseconds a case) that 20 000 cases give a stable ratio.
    var traceCases: Int { 20_000 / shrink }
    /// Alternating plain and traced runs for (c).
    var tracePairs: Int { quick ? 3 : 7 }
    var batchRuns: Int { 3 }
    var syntheticDecisions: Int { 10_000 / shrink }
    var compileRuns: Int { quick ? 5 : 11 }
    /// Part (f): one-character edits re-checked.
    var editorEdits: Int { quick ? 10 : 50 }
    /// Part (g): realistic cases in the cohort compared.
    var diffCases: Int { 100_000 / shrink }

    /// Parses the arguments; a bad one throws a `BenchError` that carries the usage text.
    static func parse(_ arguments: [String]) throws -> BenchOptions {
        var options = BenchOptions()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--quick": options.quick = true
            case "--guidelines", "--nenrule", "--parts", "--batch-cases":
                guard let value = rest.popFirst() else { throw BenchError("`\(argument)` needs a value\n\n" + usage, usage: true) }
                switch argument {
                case "--guidelines": options.guidelines = value
                case "--nenrule": options.nenrule = value
                case "--batch-cases":
                    guard let count = Int(value), count > 0 else { throw BenchError("`--batch-cases` takes a positive number, not `\(value)`", usage: true) }
                    options.batchCases = count
                default:
                    options.parts = Set(value)
                    guard !options.parts.isEmpty, options.parts.isSubset(of: "abcdfg") else {
                        throw BenchError("`--parts` takes letters from `abcdfg`, not `\(value)`", usage: true)
                    }
                }
            default: throw BenchError("unknown option `\(argument)`\n\n" + usage, usage: true)
            }
        }
        return options
    }
}

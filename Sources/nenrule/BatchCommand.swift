import Foundation
import NenRule

enum BatchCommand {
    static let spec = CommandSpec(
        name: "batch", summary: "evaluate a cohort: JSON Lines or CSV in, one JSON line per case out, in order",
        usage: "nenrule batch [PATH...] --cases FILE|- [--format jsonl|csv] [--out FILE] [--decision ID]... [--jobs N] [--trace] [--summary FILE] [--all-decisions]",
        valueOptions: ["--cases", "--format", "--out", "--decision", "--jobs", "--summary"], repeatable: ["--decision"],
        flags: ["--trace", "--all-decisions"])

    static func run(_ arguments: Arguments) throws(UsageError) -> ExitCode {
        guard let casesPath = arguments.value("--cases") else { throw UsageError(message: "`--cases FILE` is required (`-` reads standard input)") }
        let inferred = casesPath.lowercased().hasSuffix(".csv") ? "csv" : "jsonl"
        let format = try arguments.choice("--format", ["jsonl", "csv"], default: inferred)
        let jobs = try jobCount(arguments.value("--jobs"))
        guard let compilation = loadRuleSet(arguments.positionals), let graph = compilation.graph else { return .failure }
        var options = BatchRunner.Options()
        options.format = format == "csv" ? .csv : .jsonl
        options.selection = try EvalCommand.selectDecisions(arguments.values["--decision"] ?? [], in: graph)
        options.jobs = jobs
        options.trace = arguments.has("--trace")
        // Decisions asked for by name are always listed; of all decisions, only those that apply.
        options.includeNotApplicable = options.selection != nil || arguments.has("--all-decisions")

        let input = casesPath == "-" ? Int32(0) : open(casesPath, O_RDONLY)
        guard input >= 0 else {
            Console.err("error[io]: cannot read `\(casesPath)`\n")
            return .usage
        }
        defer { if input != 0 { close(input) } }
        var output: AtomicFile?
        if let path = arguments.value("--out") {
            guard let file = AtomicFile(path: path) else {
                Console.err("error[io]: cannot write `\(path)`\n")
                return .usage
            }
            output = file
        }
        var writeFailed = false
        let write: BatchRunner.Write = { bytes in
            let ok = output.map { $0.write(bytes) } ?? writeAll(1, bytes)
            writeFailed = writeFailed || !ok
        }
        var runner = BatchRunner(graph: graph, options: options)
        let progress = Progress(enabled: Console.stderrIsTerminal)
        let result = runner.run(read: { buffer, count in readChunk(input, &buffer, count) }, write: write, progress: progress.update)
        progress.finish()
        switch result {
        case .failure(let diagnostic):
            output?.abandon()
            Console.err(DiagnosticRenderer.text(diagnostic, sources: SourceSet()))
            return .usage
        case .success(let summary):
            if writeFailed || !(output?.commit() ?? true) {
                Console.err("error[io]: writing the results failed\n")
                return .usage
            }
            let selection = options.selection ?? Array(graph.decisions.indices)
            Console.err(summary.text(graph, selection: selection))
            if let path = arguments.value("--summary"), !AtomicFile.write(Array((summary.json(graph, selection: selection).render(pretty: true) + "\n").utf8), to: path) {
                Console.err("error[io]: cannot write `\(path)`\n")
                return .usage
            }
            return summary.errors > 0 ? .failure : .success
        }
    }

    static func jobCount(_ text: String?) throws(UsageError) -> Int {
        guard let text else { return 1 }
        guard let jobs = Int(text), (1...256).contains(jobs) else { throw UsageError(message: "`--jobs` takes a whole number from 1 to 256, not `\(text)`") }
        return jobs
    }

    /// Appends up to `count` bytes read from `descriptor`; 0 at the end of input.
    static func readChunk(_ descriptor: Int32, _ buffer: inout [UInt8], _ count: Int) -> Int {
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: count))
        let got = buffer.withUnsafeMutableBytes { raw -> Int in
            while true {
                let n = read(descriptor, raw.baseAddress! + old, count)
                if n < 0, errno == EINTR { continue }
                return max(0, n)
            }
        }
        buffer.removeLast(count - got)
        return got
    }
}

/// A progress line on stderr (cases and cases per second), only on a terminal, at most 4 times a second.
final class Progress {
    let enabled: Bool
    let start = Date()
    var last = Date.distantPast
    var shown = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ done: Int) {
        guard enabled, Date().timeIntervalSince(last) > 0.25 else { return }
        last = Date()
        let rate = Double(done) / max(0.001, last.timeIntervalSince(start))
        Console.err("\r\(done) cases, \(Int(rate)) cases/s   ")
        shown = true
    }

    func finish() { if shown { Console.err("\n") } }
}

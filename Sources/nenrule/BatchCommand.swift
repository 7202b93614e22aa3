import Foundation
import NenRule

enum BatchCommand {
    static let spec = CommandSpec(
        name: "batch", summary: "evaluate a cohort: JSON Lines or CSV in, JSON Lines or CSV out, a case at a time, in order",
        usage: "nenrule batch [PATH...] --cases FILE|- [--input-format jsonl|csv] [--output-format jsonl|csv|csv-wide] [--keep COLUMN]... [--ignore-unknown] [--out FILE] [--decision ID]... [--jobs N] [--trace] [--summary FILE] [--all-decisions]",
        valueOptions: ["--cases", "--format", "--input-format", "--output-format", "--keep", "--out", "--decision", "--jobs", "--summary"],
        repeatable: ["--decision", "--keep"], flags: ["--trace", "--all-decisions", "--ignore-unknown"])

    static func run(_ arguments: Arguments) throws(UsageError) -> ExitCode {
        guard let casesPath = arguments.value("--cases") else { throw UsageError(message: "`--cases FILE` is required (`-` reads standard input)") }
        if arguments.value("--format") != nil {
            Console.err("warning[deprecated]: `--format` names the input format here; use `--input-format` (`--format` will be removed)\n")
        }
        var given: String?
        if arguments.value("--input-format") != nil {
            given = try arguments.choice("--input-format", ["jsonl", "csv"], default: "jsonl")
        } else if arguments.value("--format") != nil {
            given = try arguments.choice("--format", ["jsonl", "csv"], default: "jsonl")
        }
        let layout = try arguments.choice("--output-format", ["jsonl", "csv", "csv-wide"], default: "jsonl")
        let jobs = try jobCount(arguments.value("--jobs"))
        guard let compilation = loadRuleSet(arguments.positionals), let graph = compilation.graph else { return .failure }
        let input = casesPath == "-" ? Int32(0) : open(casesPath, O_RDONLY)
        guard input >= 0 else {
            Console.err("error[io]: cannot read `\(casesPath)`\n")
            return .usage
        }
        defer { if input != 0 { close(input) } }
        var first: [UInt8] = []
        _ = readChunk(input, &first, 1 << 16)
        let format = given ?? detectFormat(casesPath, first)
        var options = BatchRunner.Options()
        options.format = format == "csv" ? .csv : .jsonl
        options.output = layout == "csv" ? .csvLong : layout == "csv-wide" ? .csvWide : .jsonl
        options.passThrough = arguments.values["--keep"] ?? []
        options.ignoreUnknown = arguments.has("--ignore-unknown")
        options.inputName = casesPath == "-" ? "<stdin>" : casesPath
        options.selection = try EvalCommand.selectDecisions(arguments.values["--decision"] ?? [], in: graph)
        options.jobs = jobs
        options.trace = arguments.has("--trace")
        // Decisions asked for by name are always listed; of all decisions, only those that apply.
        options.includeNotApplicable = options.selection != nil || arguments.has("--all-decisions")

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
        var prefetched = first
        let result = runner.run(read: { buffer, count in
            // The bytes read to tell the format, first.
            guard prefetched.isEmpty else {
                buffer += prefetched
                defer { prefetched = [] }
                return prefetched.count
            }
            return readChunk(input, &buffer, count)
        }, write: write, progress: progress.update)
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

    /// The input format when not given: by the file's extension, else by its first line — a
    /// header of names separated by commas is CSV, anything else (a JSON case, or bytes that are
    /// neither) is read as JSON Lines, so that piped CSV is not read as broken JSON.
    static func detectFormat(_ path: String, _ start: [UInt8]) -> String {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".csv") { return "csv" }
        if [".jsonl", ".json", ".ndjson"].contains(where: { lowered.hasSuffix($0) }) { return "jsonl" }
        let line = start.prefix { $0 != 0x0A }.drop { $0 == 0xEF || $0 == 0xBB || $0 == 0xBF || $0 == 0x20 || $0 == 0x09 }
        guard let head = line.first, head != UInt8(ascii: "{"), head != UInt8(ascii: "["), head != UInt8(ascii: "\"") else { return "jsonl" }
        return line.contains(UInt8(ascii: ",")) ? "csv" : "jsonl"
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

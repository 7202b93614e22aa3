import Dispatch
import Foundation

/// Streams cases through the graph: JSON Lines or CSV in, one JSON line per input line out, in
/// input order, never skipping one. Lines are taken in blocks; with several jobs each worker
/// takes a contiguous share of the block into its own buffer, and the buffers are written in
/// worker order, so order is kept without sorting and memory stays flat.
public struct BatchRunner {
    public enum Format: String, Sendable { case jsonl, csv }

    public struct Options: Sendable {
        public var format: Format = .jsonl
        /// Decisions to evaluate, in output order; nil for all.
        public var selection: [Int]?
        public var jobs = 1
        public var trace = false
        /// List decisions that do not apply to a case in its line. Off by default when every
        /// decision is evaluated: a case applies to a handful of the guideline's decisions, and
        /// the rest would be most of the output (the summary still counts them).
        public var includeNotApplicable = true
        /// Lines per block handed to the workers.
        public var blockLines = 4096
        /// How results are written: JSON Lines, or CSV in a long layout (a row per case,
        /// decision and outcome) or a wide one (a row per case, a column per decision).
        public var output: Layout = .jsonl
        /// Input members or columns that are not facts, copied to each result (identifiers,
        /// dates, free text); with `ignoreUnknown`, any other such member is skipped.
        public var passThrough: [String] = []
        public var ignoreUnknown = false
        /// The input's name for error lines (`file`).
        public var inputName: String?

        public init() {}
    }

    public enum Layout: Sendable { case jsonl, csvLong, csvWide }

    /// Reads up to `count` bytes into the end of the buffer; returns how many (0 at the end).
    public typealias Read = (inout [UInt8], Int) -> Int
    public typealias Write = (UnsafeRawBufferPointer) -> Void

    let graph: DecisionGraph
    let options: Options
    let selection: [Int]
    var header: CSVHeader?
    var workers: [Worker]

    public init(graph: DecisionGraph, options: Options) {
        self.graph = graph
        self.options = options
        selection = options.selection ?? Array(graph.decisions.indices)
        let encoder = ResultEncoder(graph: graph)
        workers = (0..<max(1, options.jobs)).map { _ in
            Worker(graph: graph, encoder: encoder, selection: options.selection ?? Array(graph.decisions.indices), options: options)
        }
    }

    /// Runs over input held in memory and returns what it wrote with the summary: for tests,
    /// fuzzing and embedding, where the cohort is a byte array rather than a stream.
    public mutating func run(input: [UInt8]) -> (result: Result<BatchSummary, Diagnostic>, output: [UInt8]) {
        var offset = 0
        var output: [UInt8] = []
        let result = run(read: { buffer, count in
            let chunk = input[offset..<min(input.count, offset + count)]
            buffer.append(contentsOf: chunk)
            offset += chunk.count
            return chunk.count
        }, write: { output += $0 })
        return (result, output)
    }

    /// Runs to the end of input. A bad CSV header stops the run with that diagnostic.
    public mutating func run(read: Read, write: Write, progress: ((Int) -> Void)? = nil) -> Result<BatchSummary, Diagnostic> {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var lineNumber = 0, consumed = 0, ended = false
        var block: [(number: Int, range: Range<Int>)] = []
        // The first block is small, so that its output measures what a line costs before a
        // block of full size is taken (`nextBlockLines`).
        var blockLines = min(options.blockLines, 256)
        var wroteHeader = false
        while !ended || consumed < buffer.count {
            if !ended, buffer.count - consumed < 1 << 19 {
                if consumed > 0 { buffer.removeFirst(consumed); consumed = 0 }
                ended = read(&buffer, 1 << 20) == 0
                continue
            }
            // Split complete lines (the last line may lack its newline at the end of input).
            block.removeAll(keepingCapacity: true)
            var start = consumed
            while block.count < blockLines, start < buffer.count {
                guard let newline = BatchRunner.newline(in: buffer, from: start) ?? (ended ? buffer.count : nil) else { break }
                lineNumber += 1
                var end = newline
                if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                block.append((lineNumber, start..<end))
                start = min(buffer.count, newline + 1)
            }
            if block.isEmpty {
                if ended { break }
                if consumed > 0 { buffer.removeFirst(consumed); consumed = 0 }
                ended = read(&buffer, 1 << 20) == 0
                continue
            }
            if options.format == .csv, header == nil {
                switch CSVHeader.parse(buffer[block[0].range], table: workers[0].decoder.table,
                                       passThrough: Set(options.passThrough), ignoreUnknown: options.ignoreUnknown) {
                case .failure(let diagnostic): return .failure(diagnostic)
                case .success(let parsed): header = parsed
                }
                block.removeFirst()
            }
            if !wroteHeader {
                wroteHeader = true
                if let line = CSVResults.header(options, selection, graph) { line.withUnsafeBytes { write($0) } }
            }
            process(block, buffer, write)
            blockLines = nextBlockLines(after: block.count)
            consumed = start
            progress?(workers.reduce(0) { $0 + $1.summary.cases + $1.summary.errors })
        }
        var summary = BatchSummary(graph: graph)
        for worker in workers { summary.merge(worker.summary) }
        if let header {
            summary.passedThrough = zip(header.names, header.columns).filter { $0.1 == -2 && options.passThrough.contains($0.0) }.map(\.0)
            summary.ignored = zip(header.names, header.columns).filter { $0.1 == -2 && !options.passThrough.contains($0.0) }.map(\.0)
        }
        return .success(summary)
    }

    /// About how many output bytes a block may hold across the workers' buffers.
    static let blockOutputBytes = 8 << 20

    /// Lines for the next block, so that its output stays near `blockOutputBytes`: a traced
    /// case writes 40 kB, and 4 096 of them would hold 160 MB in the workers' buffers.
    func nextBlockLines(after lines: Int) -> Int {
        let written = workers.reduce(0) { $0 + $1.output.count }
        guard written > 0, lines > 0 else { return options.blockLines }
        let fitting = Int(Double(BatchRunner.blockOutputBytes) * Double(lines) / Double(written))
        return min(options.blockLines, max(16, fitting))
    }

    /// The next newline at or after `start`, by `memchr` (vectorised; a slice search checks
    /// bounds on every byte of a line).
    static func newline(in buffer: [UInt8], from start: Int) -> Int? {
        buffer.withUnsafeBufferPointer { bytes in
            guard start < bytes.count, let base = bytes.baseAddress,
                  let found = memchr(base + start, 0x0A, bytes.count - start) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Evaluates a block across the workers and writes their outputs in order.
    mutating func process(_ block: [(number: Int, range: Range<Int>)], _ buffer: [UInt8], _ write: Write) {
        let share = (block.count + workers.count - 1) / workers.count
        let header = self.header
        let workers = self.workers
        let jobs = workers.count
        let run: @Sendable (Int) -> Void = { k in
            let lower = min(block.count, k * share), upper = min(block.count, lower + share)
            workers[k].state.pointee.output.removeAll()
            for line in block[lower..<upper] { workers[k].process(line.number, buffer[line.range], header) }
        }
        if jobs == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: jobs, execute: run) }
        for worker in workers where !worker.output.isEmpty { write(worker.output.bytes) }
    }
}

/// One thread's evaluator, decoder and output buffer. Each worker is touched by one thread at
/// a time (its block share), which is what makes the unchecked `Sendable` sound.
final class Worker: @unchecked Sendable {
    /// What a worker changes per case, behind a pointer: a class's stored `var` is checked for
    /// exclusive access on every use, which per case costs more than decoding a small line.
    struct State {
        var decoder: CaseDecoder
        var summary: BatchSummary
        /// The block's output lines; the worker owns (and frees) the storage.
        var output = GrowableBuffer<UInt8>(capacity: 1 << 20)
        var traceIndex: TraceIndex
    }

    let evaluator: Evaluator
    let encoder: ResultEncoder
    let selection: [Int]
    let includeNotApplicable: Bool
    let options: BatchRunner.Options
    let state: UnsafeMutablePointer<State>

    var decoder: CaseDecoder { state.pointee.decoder }
    var summary: BatchSummary { state.pointee.summary }
    var output: GrowableBuffer<UInt8> { state.pointee.output }

    init(graph: DecisionGraph, encoder: ResultEncoder, selection: [Int], options: BatchRunner.Options) {
        evaluator = Evaluator(graph: graph)
        evaluator.tracing = options.trace
        includeNotApplicable = options.includeNotApplicable
        self.options = options
        self.encoder = encoder
        self.selection = selection
        var decoder = CaseDecoder(graph: graph)
        decoder.passThrough = Set(options.passThrough)
        decoder.ignoreUnknown = options.ignoreUnknown
        state = .allocate(capacity: 1)
        state.initialize(to: State(decoder: decoder, summary: BatchSummary(graph: graph),
                                   traceIndex: TraceIndex(decisions: graph.decisions.count)))
    }

    deinit {
        state.pointee.output.deallocate()
        state.pointee.traceIndex.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    func process(_ number: Int, _ line: ArraySlice<UInt8>, _ header: CSVHeader?) {
        var evaluator = self.evaluator
        let caseID: String?
        if let header {
            var warnings: [Diagnostic] = []
            let (id, problem) = CSVRows.load(line, header, state.pointee.decoder.table, &evaluator, warnings: &warnings)
            if let problem { return fail(number, problem, id, line: line, header: header) }
            caseID = id
            state.pointee.summary.countWarnings(warnings)
        } else {
            switch state.pointee.decoder.decode(line, into: &evaluator) {
            case .failed(let diagnostic, let id): return fail(number, diagnostic, id.map { text($0, line) }, line: line)
            case .loaded(let id): caseID = id.map { text($0, line) }
            }
            state.pointee.summary.countWarnings(state.pointee.decoder.lastWarnings)
        }
        // The fast readers write slots themselves: durations between dates and the constraints
        // are applied here, for JSON and CSV alike (a value the full reader read was checked
        // there too, which changes nothing).
        if let problem = evaluator.validate().first { return fail(number, problem, caseID, line: line, header: header) }
        let selection = self.selection
        for d in selection { evaluator.run(d) }
        let kept = options.passThrough.isEmpty ? [] : keptValues(line, header)
        if options.output != .jsonl {
            CSVResults.rows(number, caseID, kept, selection, evaluator, options, into: &state.pointee.output)
        } else {
            state.pointee.output.append(UInt8(ascii: "{"))
            appendID(number, caseID, &state.pointee.output)
            if !kept.isEmpty {
                state.pointee.output.append("\"kept\":" + JSONNode.object(zip(options.passThrough, kept).map { ($0, .string($1)) }).render(pretty: false) + ",")
            }
            encoder.encode(selection, evaluator, into: &state.pointee.output, includeNotApplicable: includeNotApplicable,
                           traceIndex: &state.pointee.traceIndex)
            state.pointee.output.append("}\n" as StaticString)
        }
        state.pointee.summary.count(selection, evaluator)
    }

    /// The kept columns' values, as text, in `passThrough` order ("" where absent).
    func keptValues(_ line: ArraySlice<UInt8>, _ header: CSVHeader?) -> [String] {
        if let header {
            let cells = CSVRows.split(line)
            return options.passThrough.map { name in
                guard let column = header.names.firstIndex(of: name), column < cells.count else { return "" }
                return String(decoding: CSVRows.trimmed(cells[column]), as: UTF8.self)
            }
        }
        guard case .success(.object(let members)) = JSONReader.parse(Array(line)) else { return options.passThrough.map { _ in "" } }
        return options.passThrough.map { name in
            switch members.first(where: { $0.key == name })?.value {
            case .string(let text)?: text
            case .number(let text)?: text
            case .bool(let flag)?: flag ? "true" : "false"
            case nil, .null?: ""
            case let other?: other.node.render(pretty: false)
            }
        }
    }

    func text(_ id: CaseDecoder.CaseID, _ line: ArraySlice<UInt8>) -> String {
        switch id {
        case .text(let text): text
        case .bytes(let range): String(decoding: line[range], as: UTF8.self)
        }
    }

    func appendID(_ number: Int, _ caseID: String?, _ out: inout GrowableBuffer<UInt8>) {
        if let caseID {
            out.append("\"case_id\":" as StaticString)
            out.append(caseID)
        } else {
            out.append("\"line\":" as StaticString)
            out.appendDecimal(number)
        }
        out.append(UInt8(ascii: ","))
    }

    /// An error line: the case (or line) and the diagnostic that kept it from being evaluated.
    func fail(_ number: Int, _ diagnostic: Diagnostic, _ caseID: String?, line: ArraySlice<UInt8> = [], header: CSVHeader? = nil) {
        let column = InputPosition.column(of: diagnostic, in: line, header: header)
        state.pointee.summary.errors += 1
        state.pointee.summary.errorsByCode[diagnostic.code, default: 0] += 1
        if options.output != .jsonl {
            let kept = options.passThrough.isEmpty ? [] : keptValues(line, header)
            CSVResults.errorRow(number, caseID, kept, "\(diagnostic.code): \(diagnostic.message) (line \(number), column \(column))",
                                selection.count, options, into: &state.pointee.output)
            return
        }
        state.pointee.output.append(UInt8(ascii: "{"))
        appendID(number, caseID, &state.pointee.output)
        state.pointee.output.append("\"error\":" as StaticString)
        state.pointee.output.append(InputPosition.json(diagnostic, file: options.inputName, line: number, column: column).render(pretty: false))
        state.pointee.output.append("}\n" as StaticString)
    }
}

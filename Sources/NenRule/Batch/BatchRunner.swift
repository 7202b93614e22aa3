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

        public init() {}
    }

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
                switch CSVHeader.parse(buffer[block[0].range], table: workers[0].decoder.table) {
                case .failure(let diagnostic): return .failure(diagnostic)
                case .success(let parsed): header = parsed
                }
                block.removeFirst()
            }
            process(block, buffer, write)
            blockLines = nextBlockLines(after: block.count)
            consumed = start
            progress?(workers.reduce(0) { $0 + $1.summary.cases + $1.summary.errors })
        }
        var summary = BatchSummary(graph: graph)
        for worker in workers { summary.merge(worker.summary) }
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
    let state: UnsafeMutablePointer<State>

    var decoder: CaseDecoder { state.pointee.decoder }
    var summary: BatchSummary { state.pointee.summary }
    var output: GrowableBuffer<UInt8> { state.pointee.output }

    init(graph: DecisionGraph, encoder: ResultEncoder, selection: [Int], options: BatchRunner.Options) {
        evaluator = Evaluator(graph: graph)
        evaluator.tracing = options.trace
        includeNotApplicable = options.includeNotApplicable
        self.encoder = encoder
        self.selection = selection
        state = .allocate(capacity: 1)
        state.initialize(to: State(decoder: CaseDecoder(graph: graph), summary: BatchSummary(graph: graph),
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
            let (id, problem) = CSVRows.load(line, header, state.pointee.decoder.table, &evaluator)
            if let problem { return fail(number, problem, id) }
            caseID = id
        } else {
            switch state.pointee.decoder.decode(line, into: &evaluator) {
            case .failed(let diagnostic, let id): return fail(number, diagnostic, id.map { text($0, line) })
            case .loaded(let id): caseID = id.map { text($0, line) }
            }
            // The fast decoder writes slots itself; CSV rows were checked by `CaseReader`.
            if let problem = evaluator.validate().first { return fail(number, problem, caseID) }
        }
        let selection = self.selection
        for d in selection { evaluator.run(d) }
        state.pointee.output.append(UInt8(ascii: "{"))
        appendID(number, caseID, &state.pointee.output)
        encoder.encode(selection, evaluator, into: &state.pointee.output, includeNotApplicable: includeNotApplicable,
                       traceIndex: &state.pointee.traceIndex)
        state.pointee.output.append("}\n" as StaticString)
        state.pointee.summary.count(selection, evaluator)
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
    func fail(_ number: Int, _ diagnostic: Diagnostic, _ caseID: String?) {
        state.pointee.output.append(UInt8(ascii: "{"))
        appendID(number, caseID, &state.pointee.output)
        state.pointee.output.append("\"error\":" as StaticString)
        state.pointee.output.append(DiagnosticRenderer.json(diagnostic, sources: SourceSet()).render(pretty: false))
        state.pointee.output.append("}\n" as StaticString)
        state.pointee.summary.errors += 1
    }
}

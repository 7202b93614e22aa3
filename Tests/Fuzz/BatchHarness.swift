import NenRule

/// Harness (c): arbitrary bytes as a cohort file, through `BatchRunner` as JSON Lines and as CSV
/// in blocks of 3 lines (and with two jobs on some inputs of more than one block), then each line
/// through `CaseDecoder`, whose fast path must agree with the full reader (`JSONReader` +
/// `CaseReader`) that `eval` uses.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBatch(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    let lines = BatchCheck.lines(bytes)
    BatchCheck.run(bytes, lines: lines.count, mode: .jsonl)
    BatchCheck.run(bytes, lines: lines.count, mode: .csv)
    // Two jobs start threads, which trips libFuzzer's leak check on every input and divides the
    // speed by three: use them on one in sixteen of the inputs that fill more than one block.
    if lines.count > 3, bytes.count % 16 == 0 { BatchCheck.run(bytes, lines: lines.count, mode: .jsonlTwoJobs) }
    for line in lines { BatchCheck.compareDecoders(line) }
    return 0
}

enum BatchCheck {
    /// Decoders reused across inputs, as a batch worker reuses them across cases.
    nonisolated(unsafe) static var decoder = CaseDecoder(graph: FuzzInput.guidelines)
    nonisolated(unsafe) static var fast = Evaluator(graph: FuzzInput.guidelines)
    nonisolated(unsafe) static var full = Evaluator(graph: FuzzInput.guidelines)

    /// The input's lines as the runner splits them: at `\n`, without a trailing `\r`, the last
    /// one counted even without its newline.
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines.map { $0.last == 0x0D ? $0.dropLast() : $0 }
    }

    enum Mode: CaseIterable {
        case jsonl, csv, jsonlTwoJobs

        var format: BatchRunner.Format { self == .csv ? .csv : .jsonl }
    }

    /// A runner per mode, built once: building one renders every decision's JSON pieces, which
    /// would cost more than the run. Copies share the workers, so the summary counts every input
    /// so far; `counted` holds the total before this input.
    struct Reused {
        let template: BatchRunner
        var counted = 0

        init(_ mode: Mode) {
            var options = BatchRunner.Options()
            options.format = mode.format
            options.jobs = mode == .jsonlTwoJobs ? 2 : 1
            options.blockLines = 3
            template = BatchRunner(graph: FuzzInput.guidelines, options: options)
        }
    }

    nonisolated(unsafe) static var runners = Dictionary(uniqueKeysWithValues: Mode.allCases.map { ($0, Reused($0)) })

    /// Runs the batch and checks its contract: one JSON object per case line, in input order.
    static func run(_ bytes: [UInt8], lines: Int, mode: Mode) {
        let format = mode.format
        var runner = runners[mode]!.template
        let (result, output) = runner.run(input: bytes)
        let outputLines = output.split(separator: 0x0A)
        guard case .success(let summary) = result else {
            FuzzInput.require(format == .csv && output.isEmpty, "a run failed after writing, or in JSON Lines mode")
            return
        }
        let cases = format == .csv ? max(0, lines - 1) : lines
        FuzzInput.require(outputLines.count == cases, "\(outputLines.count) output lines for \(cases) cases")
        let counted = summary.cases + summary.errors - runners[mode]!.counted
        runners[mode]!.counted += counted
        FuzzInput.require(counted == cases, "summary counts \(counted) of \(cases) cases")
        for (index, line) in outputLines.enumerated() {
            checkOutputLine(line, expectedLine: index + 1 + (format == .csv ? 1 : 0))
        }
    }

    /// An output line is one JSON object naming its case id, or else its line number.
    static func checkOutputLine(_ line: ArraySlice<UInt8>, expectedLine: Int) {
        guard case .success(.object(let members)) = JSONReader.parse(Array(line)), let first = members.first else {
            return FuzzInput.require(false, "output line is not a JSON object: \(String(decoding: line, as: UTF8.self))")
        }
        switch (first.key, first.value) {
        case ("case_id", .string), ("case_id", .number): break
        case ("line", .number(let text)): FuzzInput.require(text == String(expectedLine), "line \(text) written as line \(expectedLine)")
        default: FuzzInput.require(false, "output line starts with `\(first.key)`")
        }
    }

    /// The fast decoder must load exactly what the full reader loads, and fail where it fails.
    /// The full reader also checks the case's consistency (constraints, given derived facts); the
    /// batch runner does that after decoding, so the decoder's side is checked the same way.
    static func compareDecoders(_ line: ArraySlice<UInt8>) {
        let outcome = decoder.decode(line, into: &fast)
        var fullLoaded = false
        if case .success(let json) = JSONReader.parse(Array(line)) {
            fullLoaded = !CaseReader.load(json, into: &full).contains { $0.severity == .error }
        }
        switch outcome {
        case .failed:
            FuzzInput.require(!fullLoaded, "the decoder rejects a case the full reader accepts")
        case .loaded(let caseID):
            let consistent = !fast.validate().contains { $0.severity == .error }
            FuzzInput.require(fullLoaded == consistent,
                              consistent ? "the decoder accepts a case the full reader rejects" : "the full reader accepts an inconsistent case")
            guard consistent else { return }
            FuzzInput.require(slots(fast) == slots(full), "the decoder loads other values than the full reader")
            if case .bytes(let range)? = caseID {
                switch JSONReader.parse(Array(line[range])) {
                case .success(.string), .success(.number): break
                default: FuzzInput.require(false, "case id `\(String(decoding: line[range], as: UTF8.self))` is not a JSON string or number")
                }
            }
        }
    }

    static func slots(_ evaluator: Evaluator) -> [Int64] {
        (0..<evaluator.values.count).map { evaluator.values[$0] }
    }
}

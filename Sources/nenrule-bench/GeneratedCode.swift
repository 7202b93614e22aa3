import Foundation
import NenRule

/// Part (a)'s third side: the rule set as C (`nenrule build --target c`), compiled with the
/// system's C compiler at -O2 into a shared library and timed through its bulk entry point
/// `nenrule_decide_rows` (a pure Kleene function per row, the case record when that is not certain).
final class GeneratedCode {
    typealias DecideRows = @convention(c) (OpaquePointer?, UnsafePointer<Int64>?, Int, Int, UnsafePointer<Int32>?, Int32,
                                           UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt64>?) -> Void
    typealias CaseNew = @convention(c) () -> OpaquePointer?
    typealias CaseFree = @convention(c) (OpaquePointer?) -> Void
    let handle: UnsafeMutableRawPointer
    let decideRows: DecideRows
    let caseFree: CaseFree
    /// The case the rows go through, kept for the whole run as an embedding program would.
    let record: OpaquePointer
    /// Seconds the C compiler took.
    let compileSeconds: Double

    init(graph: DecisionGraph, work: String) throws {
        let program = try CEmitter.emit(graph)
        let directory = (work as NSString).appendingPathComponent("c")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try program.header.write(toFile: directory + "/nenrule.h", atomically: true, encoding: .utf8)
        try program.source.write(toFile: directory + "/nenrule.c", atomically: true, encoding: .utf8)
        let library = directory + "/libnenrule.so"
        let start = Clock.now()
        let compiler = Subprocess(executable: "/usr/bin/env", arguments: [ProcessInfo.processInfo.environment["CC"] ?? "cc", "-std=c11", "-O2",
                                  "-shared", "-fPIC", "-o", library, directory + "/nenrule.c"])
        let outcome = try compiler.run(output: .sameAsStderr, stderrPath: directory + "/cc.log")
        compileSeconds = Clock.seconds(since: start)
        guard outcome.exitStatus == 0 else { throw BenchError("the C compiler failed on the generated code: \(outcome.stderr.prefix(2000))") }
        guard let handle = dlopen(library, RTLD_NOW | RTLD_LOCAL), let symbol = dlsym(handle, "nenrule_decide_rows"),
              let caseNew = dlsym(handle, "nenrule_case_new"), let caseFree = dlsym(handle, "nenrule_case_free") else {
            throw BenchError("cannot load the generated library: \(String(cString: dlerror()))")
        }
        self.handle = handle
        decideRows = unsafeBitCast(symbol, to: DecideRows.self)
        self.caseFree = unsafeBitCast(caseFree, to: CaseFree.self)
        guard let record = unsafeBitCast(caseNew, to: CaseNew.self)() else { throw BenchError("the generated library is out of memory") }
        self.record = record
    }

    deinit {
        caseFree(record)
        dlclose(handle)
    }

    /// With `NENRULE_BENCH_ROWS=DIR`, writes each decision's rows once as `DIR/<decision>.rows`
    /// (int64s: width, count, the fact slots, then the rows) for a profiler to replay through
    /// `nenrule_decide_rows` without the rest of the bench.
    private func dumpRows(_ decision: Int, _ facts: [Int32], _ rows: [Int64]) {
        guard let directory = ProcessInfo.processInfo.environment["NENRULE_BENCH_ROWS"] else { return }
        let path = directory + "/\(decision)-\(rows.count / facts.count).rows"
        guard !FileManager.default.fileExists(atPath: path) else { return }
        let words = [Int64(facts.count), Int64(rows.count / facts.count)] + facts.map(Int64.init) + rows
        let data = words.withUnsafeBufferPointer { Data(buffer: $0) }
        _ = FileManager.default.createFile(atPath: path, contents: data)
    }

    /// Nanoseconds per row over `passes` passes; the masks of the last pass in `masks`.
    func time(_ decision: Int, _ slots: [Int], _ rows: [Int64], passes: Int, masks: inout [UInt64], statuses: inout [UInt8]) -> Double {
        let count = rows.count / slots.count
        let facts = slots.map { Int32($0) }
        dumpRows(decision, facts, rows)
        if masks.count != count { masks = Array(repeating: 0, count: count) }
        if statuses.count != count { statuses = Array(repeating: 0, count: count) }
        let start = Clock.now()
        for _ in 0..<passes {
            decideRows(record, rows, count, slots.count, facts, Int32(decision), &statuses, &masks)
        }
        let elapsed = Clock.now() - start
        return Double(elapsed) / Double(count * passes)
    }
}

import Foundation
import NenRule

/// Part (a)'s third side: the rule set as C (`nenrule build --target c`), compiled with the
/// system's C compiler at -O2 into a shared library and timed through its bulk entry point
/// `nenrule_decide_rows` (reset + write slots + run + read status/outputs per row, in C).
final class GeneratedCode {
    typealias DecideRows = @convention(c) (UnsafePointer<Int64>?, Int, Int, UnsafePointer<Int32>?, Int32,
                                           UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt64>?) -> Void
    let handle: UnsafeMutableRawPointer
    let decideRows: DecideRows
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
        guard let handle = dlopen(library, RTLD_NOW | RTLD_LOCAL), let symbol = dlsym(handle, "nenrule_decide_rows") else {
            throw BenchError("cannot load the generated library: \(String(cString: dlerror()))")
        }
        self.handle = handle
        decideRows = unsafeBitCast(symbol, to: DecideRows.self)
    }

    deinit { dlclose(handle) }

    /// Nanoseconds per row over `passes` passes; the masks of the last pass in `masks`.
    func time(_ decision: Int, _ slots: [Int], _ rows: [Int64], passes: Int, masks: inout [UInt64], statuses: inout [UInt8]) -> Double {
        let count = rows.count / slots.count
        let facts = slots.map { Int32($0) }
        if masks.count != count { masks = Array(repeating: 0, count: count) }
        if statuses.count != count { statuses = Array(repeating: 0, count: count) }
        let start = Clock.now()
        for _ in 0..<passes {
            decideRows(rows, count, slots.count, facts, Int32(decision), &statuses, &masks)
        }
        let elapsed = Clock.now() - start
        return Double(elapsed) / Double(count * passes)
    }
}

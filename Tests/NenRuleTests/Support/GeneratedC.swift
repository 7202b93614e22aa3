import Foundation
@testable import NenRule

/// A rule set's generated C, compiled by the system's C compiler into a shared library and
/// loaded in process, used through its public C API as an embedding program would.
final class GeneratedC {
    typealias CaseNew = @convention(c) () -> OpaquePointer?
    typealias CaseFree = @convention(c) (OpaquePointer?) -> Void
    typealias Set = @convention(c) (OpaquePointer?, Int32, Int64) -> Int32
    typealias EvaluateOne = @convention(c) (OpaquePointer?, Int32) -> Int32
    typealias Status = @convention(c) (OpaquePointer?, Int32) -> Int32
    typealias Outputs = @convention(c) (OpaquePointer?, Int32) -> UInt64
    /// The buffer is `nenrule_recommendation[capacity]`: three string pointers each.
    typealias Recommendations = @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>?, Int32) -> Int32
    typealias DecisionIndex = @convention(c) (UnsafePointer<CChar>?) -> Int32
    typealias Digest = @convention(c) () -> UnsafePointer<CChar>?
    typealias DecideRows = @convention(c) (OpaquePointer?, UnsafePointer<Int64>?, Int, Int, UnsafePointer<Int32>?, Int32,
                                           UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt64>?) -> Void

    let directory: URL
    let handle: UnsafeMutableRawPointer
    let caseNew: CaseNew, caseFree: CaseFree, reset: CaseFree, set: Set, evaluateOne: EvaluateOne, decide: EvaluateOne
    let status: Status, outputs: Outputs, recommendations: Recommendations, decisionIndex: DecisionIndex, digest: Digest
    let decideRows: DecideRows
    let program: CProgram

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Emits, compiles (`cc -std=c11 -Wall -Wextra -Werror`) and loads the program.
    init(_ graph: DecisionGraph, selection: [String]? = nil, optimization: String = "-O1") throws {
        program = try CEmitter.emit(graph, selection: selection)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("nenrule-c-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try program.header.write(to: directory.appendingPathComponent("nenrule.h"), atomically: true, encoding: .utf8)
        try program.source.write(to: directory.appendingPathComponent("nenrule.c"), atomically: true, encoding: .utf8)
        let library = directory.appendingPathComponent("libnenrule.so").path
        try GeneratedC.compile(["-std=c11", optimization, "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-o", library,
                                directory.appendingPathComponent("nenrule.c").path])
        guard let handle = dlopen(library, RTLD_NOW | RTLD_LOCAL) else { throw Failure(description: String(cString: dlerror())) }
        self.handle = handle
        func symbol<T>(_ name: String, _ type: T.Type) throws -> T {
            guard let pointer = dlsym(handle, name) else { throw Failure(description: "no symbol `\(name)`") }
            return unsafeBitCast(pointer, to: type)
        }
        caseNew = try symbol("nenrule_case_new", CaseNew.self)
        caseFree = try symbol("nenrule_case_free", CaseFree.self)
        reset = try symbol("nenrule_case_reset", CaseFree.self)
        set = try symbol("nenrule_set", Set.self)
        evaluateOne = try symbol("nenrule_evaluate_one", EvaluateOne.self)
        decide = try symbol("nenrule_decide", EvaluateOne.self)
        status = try symbol("nenrule_status", Status.self)
        outputs = try symbol("nenrule_outputs", Outputs.self)
        recommendations = try symbol("nenrule_recommendations", Recommendations.self)
        decisionIndex = try symbol("nenrule_decision_index", DecisionIndex.self)
        digest = try symbol("nenrule_digest", Digest.self)
        decideRows = try symbol("nenrule_decide_rows", DecideRows.self)
    }

    deinit {
        dlclose(handle)
        try? FileManager.default.removeItem(at: directory)
    }

    /// `CC`, else `cc`, else the `clang` every Swift toolchain on Linux ships.
    static let compiler: String = {
        if let chosen = ProcessInfo.processInfo.environment["CC"], !chosen.isEmpty { return chosen }
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        return path.contains { FileManager.default.isExecutableFile(atPath: "\($0)/cc") } ? "cc" : "clang"
    }()

    static func compile(_ arguments: [String], in directory: URL? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [compiler] + arguments
        if let directory { process.currentDirectoryURL = directory }
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(description: "\(compiler) failed:\n\(text.prefix(4000))") }
    }

    /// What both sides answer for one decision: an error, or the status, the outputs and the
    /// decided recommendations as `outcome:strength`, each once, sorted.
    struct Answer: Equatable, CustomStringConvertible {
        var error = false
        var status = 0
        var mask: UInt64 = 0
        var pairs: [String] = []

        static let error = Answer(error: true)

        init(error: Bool) { self.error = error }

        init(status: Int, mask: UInt64, pairs: [String]) {
            self.status = status
            self.mask = mask
            self.pairs = pairs.count < 2 ? pairs : Array(Swift.Set(pairs)).sorted()
        }

        var description: String {
            error ? "error" : "\(["decided", "undetermined", "not_applicable"][max(0, min(2, status))]) \(String(mask, radix: 16)) \(pairs)"
        }
    }

    /// The C answer for one decision (by C index) on a case; without `checked`, the case is not
    /// validated first (`nenrule_decide`).
    func answer(_ handle: OpaquePointer?, _ values: [(slot: Int, value: Int64)], _ decision: Int32, checked: Bool = true) -> Answer {
        reset(handle)
        for (slot, value) in values where set(handle, Int32(slot), value) != 0 { return .error }
        guard (checked ? evaluateOne : decide)(handle, decision) == 0 else { return .error }
        let code = status(handle, decision)
        var pairs: [String] = []
        if code == 0 {
            var buffer = [UnsafePointer<CChar>?](repeating: nil, count: 3 * 16)
            let count = min(16, Int(recommendations(handle, decision, &buffer, 16)))
            pairs = (0..<count).map { k in
                String(cString: buffer[3 * k]!) + ":" + (buffer[3 * k + 1].map { String(cString: $0) } ?? "-")
            }
        }
        return Answer(status: Int(code), mask: outputs(handle, decision), pairs: pairs)
    }

    /// `nenrule_decide_rows` over rows of `columns` (`Evaluator.unknown` for a missing value):
    /// status and output mask per row, as `Answer`s without recommendations.
    func rows(_ handle: OpaquePointer?, _ columns: [Int], _ rows: [Int64], _ decision: Int32) -> [Answer] {
        let count = rows.count / max(1, columns.count)
        var statuses = [UInt8](repeating: 9, count: count), masks = [UInt64](repeating: 0, count: count)
        decideRows(handle, rows, count, columns.count, columns.map { Int32($0) }, decision, &statuses, &masks)
        return zip(statuses, masks).map { Answer(status: Int($0), mask: $1, pairs: []) }
    }

    /// The interpreter's answer, after the same validation.
    static func reference(_ evaluator: Evaluator, _ values: [(slot: Int, value: Int64)], _ decision: Int, checked: Bool = true) -> Answer {
        evaluator.reset()
        for (slot, value) in values {
            guard case .success = evaluator.graph.facts[slot].checkRange(value) else { return .error }
            evaluator.values[slot] = value
        }
        guard !checked || evaluator.validate().isEmpty else { return .error }
        evaluator.run(decision)
        let compiled = evaluator.graph.decisions[decision]
        let status = evaluator.status(of: decision), mask = evaluator.outputs(of: decision)
        let pairs = status == .decided
            ? evaluator.recommend(compiled, mask, evaluator.taken(by: decision)).map { $0.outcome + ":" + ($0.strength?.rawValue ?? "-") } : []
        return Answer(status: status == .decided ? 0 : status == .undetermined ? 1 : 2, mask: status == .notApplicable ? 0 : mask, pairs: pairs)
    }
}

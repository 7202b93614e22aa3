import Foundation
import NenRule

/// Part (f): the language server's re-check after a one-character edit in the largest bundled
/// file, in process: the time from the `didChange` to the diagnostics it publishes (the whole
/// rule set checked again, the edited file's decisions linted), over alternating edits that
/// insert and delete one character in the file's first comment.
struct EditorFigure {
    var file: String
    var edits: Int
    var firstMilliseconds: Double
    var medianMilliseconds: Double
    var maxMilliseconds: Double
}

struct EditorBench {
    let edits: Int

    func measure(guidelines: String) throws -> EditorFigure {
        let root = URL(fileURLWithPath: guidelines).standardizedFileURL.path
        guard let largest = Self.largestFile(root), let text = FileManager.default.contents(atPath: largest) else {
            throw BenchError("no rule files under `\(guidelines)`")
        }
        let server = LanguageServer()
        let uri = "file://" + largest
        _ = server.receive(Self.frame(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"file://\#(root)","capabilities":{}}}"#))
        var start = Clock.now()
        _ = server.receive(Self.frame(Self.open(uri, String(decoding: text, as: UTF8.self))))
        guard !server.idle().isEmpty else { throw BenchError("the server published no diagnostics for `\(largest)`") }
        let first = Clock.seconds(since: start) * 1000
        var times: [Double] = []
        for version in 2...(edits + 1) {
            // Insert a character after the first `#`, then take it out again.
            let change = version % 2 == 0 ? #"{"range":{"start":{"line":0,"character":1},"end":{"line":0,"character":1}},"text":"x"}"#
                : #"{"range":{"start":{"line":0,"character":1},"end":{"line":0,"character":2}},"text":""}"#
            start = Clock.now()
            _ = server.receive(Self.frame(#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"\#(uri)","version":\#(version)},"contentChanges":[\#(change)]}}"#))
            let published = server.idle()
            times.append(Clock.seconds(since: start) * 1000)
            guard published.contains(where: { $0.contains("publishDiagnostics") }) else { throw BenchError("edit \(version) published nothing") }
        }
        return EditorFigure(file: String(largest.dropFirst(root.count + 1)), edits: edits, firstMilliseconds: first,
                            medianMilliseconds: median(times), maxMilliseconds: times.max() ?? 0)
    }

    static func frame(_ body: String) -> MessageFramer.Frame { .message(Array(body.utf8)) }

    static func open(_ uri: String, _ text: String) -> String {
        JSONNode.object([("jsonrpc", .string("2.0")), ("method", .string("textDocument/didOpen")), ("params", .object([
            ("textDocument", .object([("uri", .string(uri)), ("languageId", .string("nenrule")), ("version", .number("1")), ("text", .string(text))])),
        ]))]).render(pretty: false)
    }

    /// The largest `.nenrule` file under `root`, by bytes.
    static func largestFile(_ root: String) -> String? {
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".nenrule") } ?? []
        return files.map { (root as NSString).appendingPathComponent($0) }
            .max { (Self.size($0), $1) < (Self.size($1), $0) }
    }

    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }
}

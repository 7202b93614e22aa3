import Foundation
import Testing
@testable import NenRule

/// The language server's pieces in process: framing, UTF-16 positions, line diffs, and a session
/// over the bundled guideline. `Tests/LSP/` drives the binary with a real client.
@Suite("language server")
struct LanguageServerTests {
    @Test func framesArriveInPiecesAndGarbageIsSkipped() {
        var framer = MessageFramer()
        let body = #"{"jsonrpc":"2.0","method":"initialized","params":{}}"#
        let frame = MessageFramer.frame(body)
        framer.append(Array(frame[0..<10]))
        #expect(framer.next() == nil)
        framer.append(Array(frame[10...]) + Array("junk\r\n\r\n".utf8) + frame)
        #expect(framer.next() == .message(Array(body.utf8)))
        guard case .malformed? = framer.next() else { Issue.record("junk was not reported"); return }
        #expect(framer.next() == .message(Array(body.utf8)))
        #expect(framer.next() == nil)
        framer.append(Array(repeating: 0x41, count: MessageFramer.maxHeaderBytes + 1))
        guard case .malformed? = framer.next() else { Issue.record("an endless header was not reported"); return }
    }

    /// Columns count UTF-16 code units: a Chinese character is one, an emoji two.
    @Test func positionsCountUTF16Units() {
        let text = Array("note \"§4.1.3 直肠\" 😀x\nnext".utf8)
        let lines = LineIndex(text)
        let x = text.firstIndex(of: UInt8(ascii: "x"))!
        #expect(lines.position(of: x) == (0, 19))
        #expect(lines.offset(line: 0, character: 19) == x)
        // Inside the emoji: its start; past the line's end: the end; past the text: its end.
        #expect(lines.offset(line: 0, character: 18) == x - 4)
        #expect(lines.offset(line: 0, character: 500) == x + 1)
        #expect(lines.offset(line: 9, character: 0) == text.count)
        #expect(lines.position(of: text.count + 5) == (1, 4))
    }

    @Test func lineDiffHunksRebuildTheNewText() {
        let old = "a\nb\nc\nd\n", new = "a\nB\nc\nd\ne\n"
        let hunks = LineDiff.hunks(old, new)
        #expect(hunks.map(\.oldLines) == [1..<2, 4..<4])
        var lines = LineDiff.lines(old)
        for hunk in hunks.reversed() { lines.replaceSubrange(hunk.oldLines, with: LineDiff.lines(hunk.newText)) }
        #expect(lines.joined() == new)
    }

    /// A session over the bundled guideline: open a file, get its diagnostics, hover a fact.
    @Test func aSessionOverTheGuideline() throws {
        let server = LanguageServer()
        let root = URL(fileURLWithPath: Fixtures.guidelines).standardizedFileURL
        let file = root.appendingPathComponent("common/facts.nenrule")
        let text = try String(contentsOf: file, encoding: .utf8)
        func send(_ message: JSONNode) -> [JSONValue] {
            server.receive(.message(Array(message.render(pretty: false).utf8))).compactMap { try? JSONReader.parse($0).get() }
        }
        let initialize = send(.object([("jsonrpc", .string("2.0")), ("id", .number("1")), ("method", .string("initialize")),
                                       ("params", .object([("rootUri", .string(FileURI.uri(root.path))), ("capabilities", .object([]))]))]))
        #expect(initialize.first?["result"]?["capabilities"]?["hoverProvider"]?.bool == true)
        _ = send(.object([("jsonrpc", .string("2.0")), ("method", .string("textDocument/didOpen")), ("params", .object([
            ("textDocument", .object([("uri", .string(FileURI.uri(file.path))), ("languageId", .string("nenrule")),
                                      ("version", .number("1")), ("text", .string(text))])),
        ]))]))
        let published = server.idle().compactMap { try? JSONReader.parse($0).get() }
        let mine = published.first { $0["params"]?["uri"]?.string == FileURI.uri(file.path) }
        #expect(mine?["params"]?["diagnostics"]?.array?.isEmpty == true)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("fact tumor_size") }!
        let hover = send(.object([("jsonrpc", .string("2.0")), ("id", .number("2")), ("method", .string("textDocument/hover")), ("params", .object([
            ("textDocument", .object([("uri", .string(FileURI.uri(file.path)))])),
            ("position", .object([("line", .int(line)), ("character", .int(6))])),
        ]))]))
        #expect(hover.first?["result"]?["contents"]?["value"]?.string?.contains("**fact** `tumor_size`: length in mm") == true)
    }
}

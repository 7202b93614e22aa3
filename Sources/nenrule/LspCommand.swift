import Foundation
import NenRule

/// `nenrule lsp`: the language server on standard input and output. The loop is the only I/O:
/// bytes in, frames to the library's server, its messages out; when no more input is waiting,
/// the server checks what the burst of edits changed.
enum LspCommand {
    static let spec = CommandSpec(
        name: "lsp", summary: "a Language Server Protocol server on stdio (the workspace, or PATHs, as the rule set)",
        usage: "nenrule lsp [PATH...]")

    static func run(_ arguments: Arguments) throws(UsageError) -> ExitCode {
        // A client that goes away mid-write must end the server, not kill it with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let server = LanguageServer(roots: arguments.positionals)
        var framer = MessageFramer()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = read(0, &chunk, chunk.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            framer.append(Array(chunk[0..<count]))
            while let frame = framer.next() {
                guard send(server.receive(frame)) else { return .failure }
                if let code = server.exitCode { return code == 0 ? .success : .failure }
            }
            if !inputWaiting(), !send(server.idle()) { return .failure }
        }
        // Standard input closed without `exit`.
        return .failure
    }

    /// Writes each message as a frame; false when the client has gone.
    static func send(_ messages: [String]) -> Bool {
        for message in messages {
            let bytes = MessageFramer.frame(message)
            var written = 0
            while written < bytes.count {
                let result = bytes[written...].withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
                if result < 0, errno == EINTR { continue }
                guard result > 0 else { return false }
                written += result
            }
        }
        return true
    }

    /// Whether more input is already waiting on standard input.
    static func inputWaiting() -> Bool {
        var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }
}

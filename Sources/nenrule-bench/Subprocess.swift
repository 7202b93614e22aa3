import Foundation

/// Runs a program as a child process and reports its wall time and peak memory. `wait4` gives
/// the rusage of exactly that child (`RUSAGE_CHILDREN` would be the maximum over every child
/// waited for so far).
struct Subprocess {
    /// Where the child's standard output goes.
    enum Output {
        case discard
        /// Read by the parent, which counts the bytes and keeps none of them.
        case count
        /// Into the same file as standard error (build logs).
        case sameAsStderr
    }

    struct Outcome {
        var exitStatus: Int32
        var seconds: Double
        var maxRSSBytes: Int
        /// Bytes written to standard output (`.count` only).
        var outputBytes: Int
        var stderr: String
    }

    var executable: String
    var arguments: [String]

    /// Runs to completion; standard error goes to `stderrPath` and is returned.
    func run(output: Output, stderrPath: String) throws -> Outcome {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var pipeEnds: [Int32] = [-1, -1]
        switch output {
        case .discard:
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        case .sameAsStderr:
            posix_spawn_file_actions_adddup2(&actions, 2, 1)
        case .count:
            guard pipe(&pipeEnds) == 0 else { throw BenchError("cannot create a pipe") }
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
            posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let start = Clock.now()
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchError("cannot run `\(executable)`: \(String(cString: strerror(spawned)))") }
        var counted = 0
        if output == .count {
            close(pipeEnds[1])
            counted = Subprocess.drain(pipeEnds[0])
            close(pipeEnds[0])
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
        let seconds = Clock.seconds(since: start)
        let stderr = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        return Outcome(exitStatus: Subprocess.exitCode(status), seconds: seconds,
                       maxRSSBytes: usage.ru_maxrss * 1024, outputBytes: counted, stderr: stderr)
    }

    /// Reads a descriptor to its end, counting bytes.
    static func drain(_ descriptor: Int32) -> Int {
        let size = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        var total = 0
        while true {
            let n = read(descriptor, buffer, size)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return total }
            total += n
        }
    }

    /// The exit code, or 128 + signal for a child killed by a signal (as shells report it).
    static func exitCode(_ status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}

/// A failure that ends the benchmark run with a message rather than a figure.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    /// A bad command line (exit 2) rather than a failed measurement (exit 1).
    var isUsage = false

    init(_ description: String, usage: Bool = false) {
        self.description = description
        isUsage = usage
    }
}

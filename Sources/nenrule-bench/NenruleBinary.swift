import Foundation

/// Finds the `nenrule` release binary that the batch parts run. `swift run nenrule-bench`
/// builds only this executable, so from a package checkout the product is brought up to date
/// with `swift build -c release --product nenrule` in the same scratch directory first: the
/// figures are then always those of the current sources.
enum NenruleBinary {
    static func locate(_ explicit: String?, workDirectory: String) throws -> String {
        if let explicit {
            guard FileManager.default.isExecutableFile(atPath: explicit) else { throw BenchError("`\(explicit)` is not an executable") }
            return explicit
        }
        // This executable lives in <scratch>/<triple>/<configuration>/.
        let own = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let releaseDirectory = own.deletingLastPathComponent().appendingPathComponent("release")
        let binary = releaseDirectory.appendingPathComponent("nenrule").path
        if FileManager.default.fileExists(atPath: "Package.swift") {
            try build(scratch: own.deletingLastPathComponent().deletingLastPathComponent().path, workDirectory: workDirectory)
        }
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchError("no `nenrule` release build at `\(binary)`: run from the package root, or pass `--nenrule PATH`")
        }
        return binary
    }

    static func build(scratch: String, workDirectory: String) throws {
        FileHandle.standardError.write(Data("building nenrule (release) in \(scratch) …\n".utf8))
        let arguments = ["swift", "build", "-c", "release", "--product", "nenrule", "--scratch-path", scratch]
        let log = (workDirectory as NSString).appendingPathComponent("build.log")
        let outcome = try Subprocess(executable: "/usr/bin/env", arguments: arguments).run(output: .sameAsStderr, stderrPath: log)
        guard outcome.exitStatus == 0 else {
            throw BenchError("`\(arguments.joined(separator: " "))` failed:\n\(outcome.stderr.suffix(2000))")
        }
    }
}

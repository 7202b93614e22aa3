import Foundation
import Testing

/// Golden-file oracles under Tests/NenRuleTests/Golden. Run with `NENRULE_UPDATE_GOLDEN=1` to
/// rewrite them; a mismatch fails with a line diff.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Golden")

    static var updating: Bool { ProcessInfo.processInfo.environment["NENRULE_UPDATE_GOLDEN"] == "1" }

    static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name)
        if updating {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden file \(name); run with NENRULE_UPDATE_GOLDEN=1 to create it", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record("golden \(name) differs (NENRULE_UPDATE_GOLDEN=1 to accept):\n\(diff(expected, actual))", sourceLocation: sourceLocation)
        }
    }

    /// A minimal line diff: `-` expected, `+` actual, for lines that differ by position after
    /// trimming the common head and tail.
    static func diff(_ expected: String, _ actual: String) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var head = 0
        while head < min(a.count, b.count), a[head] == b[head] { head += 1 }
        var tail = 0
        while tail < min(a.count, b.count) - head, a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
        var out = "@@ line \(head + 1) @@\n"
        for line in a[head..<(a.count - tail)] { out += "- \(line)\n" }
        for line in b[head..<(b.count - tail)] { out += "+ \(line)\n" }
        return out
    }
}

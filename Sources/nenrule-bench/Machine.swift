import Foundation

/// The machine the figures were measured on, printed next to them.
struct Machine {
    var processors: Int
    var cpuModel: String
    var memoryBytes: UInt64
    /// The 1-minute load average when the run started: other work on the machine skews figures.
    var load: String

    static func current() -> Machine {
        Machine(
            processors: ProcessInfo.processInfo.activeProcessorCount,
            cpuModel: procField("/proc/cpuinfo", "model name") ?? "unknown CPU",
            memoryBytes: procField("/proc/meminfo", "MemTotal").flatMap(kibibytes) ?? ProcessInfo.processInfo.physicalMemory,
            load: (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?")
    }

    var description: String {
        "\(processors) CPU\(processors == 1 ? "" : "s") (nproc), \(cpuModel), \(String(format: "%.1f", Double(memoryBytes) / 1_073_741_824)) GiB RAM, load average \(load) at start"
    }

    /// The value after `key:` on the first line of a /proc file that starts with `key`.
    static func procField(_ path: String, _ key: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// `24684012 kB` → bytes.
    static func kibibytes(_ text: String) -> UInt64? {
        text.split(separator: " ").first.flatMap { UInt64($0) }.map { $0 * 1024 }
    }
}

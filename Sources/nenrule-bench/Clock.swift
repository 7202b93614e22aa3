import Foundation
import NenRule

/// Wall-clock timing on the monotonic clock.
enum Clock {
    /// Nanoseconds since an arbitrary fixed point.
    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// Seconds since `start`, a value of `now()`.
    static func seconds(since start: UInt64) -> Double { Double(now() - start) / 1e9 }
}

/// The middle value (mean of the two middle ones for an even count); runs on a shared, noisy
/// machine are summarised by it rather than by the mean.
func median(_ values: [Double]) -> Double {
    precondition(!values.isEmpty, "median of no values")
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// Keeps measured results observable, so the optimiser cannot drop the work that made them.
enum BlackHole {
    nonisolated(unsafe) static var sink: UInt64 = 0

    @inline(never)
    static func consume(_ value: UInt64) { sink &+= value }
}

/// The benchmark's draws, from the library's seedable generator: every run measures the same cases.
extension SplitMix64 {
    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }

    /// A whole number of tenths in `low...high` (both in tenths): one-decimal clinical values.
    mutating func tenths(_ low: Int64, _ high: Int64) -> Int64 { Int64.random(in: low...high, using: &self) }

    /// One of `choices`, weighted by the second element.
    mutating func weighted<T>(_ choices: [(T, Double)]) -> T {
        var x = Double.random(in: 0..<choices.reduce(0) { $0 + $1.1 }, using: &self)
        for (value, weight) in choices {
            if x < weight { return value }
            x -= weight
        }
        return choices[choices.count - 1].0
    }
}

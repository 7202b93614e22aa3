import Foundation

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

/// A small, fast, seedable generator (SplitMix64), so every run measures the same cases.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

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

/// An exact decimal number with up to six fractional digits, held as an integer count of
/// millionths. Literals, case values and unit conversions use it, so `1.2 cm` is exactly
/// `12 mm` and comparisons on the hot path are integer comparisons.
public struct Exact: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The value times 10^6.
    public var micros: Int64

    public static let fractionDigits = 6
    public static let scale: Int64 = 1_000_000
    /// More significant digits than this in one literal is a diagnostic, never a rounding.
    public static let maxDigits = 30

    public init(micros: Int64) { self.micros = micros }

    public init(_ integer: Int) { self.micros = Int64(integer) * Exact.scale }

    public static func < (lhs: Exact, rhs: Exact) -> Bool { lhs.micros < rhs.micros }

    public enum ParseError: Error, Equatable, Sendable {
        case malformed, tooManyDigits, tooPrecise, outOfRange
    }

    /// Parses `-12.5`, `1.2e1`, `400` from ASCII bytes; rejects what it cannot hold exactly.
    /// Allocation-free: batch input calls it for every number of every case.
    public static func parse<C: Collection>(_ bytes: C) -> Result<Exact, ParseError> where C.Element == UInt8 {
        var index = bytes.startIndex
        var negative = false
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index = bytes.index(after: index)
        }
        var mantissa: Int64 = 0, significant = 0, fraction = 0, digits = 0
        var sawDot = false, overflow = false
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte >= 48 && byte <= 57 {
                digits += 1
                if sawDot { fraction += 1 }
                if mantissa != 0 || byte != 48 { significant += 1 }
                if significant > maxDigits { return .failure(.tooManyDigits) }
                let (times, o1) = mantissa.multipliedReportingOverflow(by: 10)
                let (plus, o2) = times.addingReportingOverflow(Int64(byte - 48))
                overflow = overflow || o1 || o2
                mantissa = plus
            } else if byte == UInt8(ascii: "."), !sawDot {
                sawDot = true
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                break
            } else {
                return .failure(.malformed)
            }
            index = bytes.index(after: index)
        }
        guard digits > 0 else { return .failure(.malformed) }
        var exponent = 0
        if index < bytes.endIndex {
            guard case .success(let e) = parseExponent(bytes[bytes.index(after: index)...]) else { return .failure(.malformed) }
            exponent = e
        }
        if overflow { return .failure(.outOfRange) }
        return scale(mantissa, by: fractionDigits - fraction + exponent, negative: negative)
    }

    public static func parse(_ text: String) -> Result<Exact, ParseError> { parse(Array(text.utf8)) }

    private static func parseExponent<C: Collection>(_ bytes: C) -> Result<Int, ParseError> where C.Element == UInt8 {
        var sign = 1, value = 0, any = false
        var index = bytes.startIndex
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index = bytes.index(after: index)
        }
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte >= 48 && byte <= 57 else { return .failure(.malformed) }
            any = true
            if value < 100_000 { value = value * 10 + Int(byte - 48) }
            index = bytes.index(after: index)
        }
        return any ? .success(sign * value) : .failure(.malformed)
    }

    /// mantissa × 10^shift in millionths, exactly or not at all.
    private static func scale(_ mantissa: Int64, by shift: Int, negative: Bool) -> Result<Exact, ParseError> {
        var value = mantissa
        if value == 0 { return .success(Exact(micros: 0)) }
        if shift >= 0 {
            for _ in 0..<shift {
                let (times, overflow) = value.multipliedReportingOverflow(by: 10)
                if overflow { return .failure(.outOfRange) }
                value = times
            }
        } else {
            for _ in 0..<(-shift) {
                if value % 10 != 0 { return .failure(.tooPrecise) }
                value /= 10
            }
        }
        return .success(Exact(micros: negative ? -value : value))
    }

    /// The value times a whole factor, or nil on overflow.
    public func multiplied(by factor: Int64) -> Exact? {
        let (value, overflow) = micros.multipliedReportingOverflow(by: factor)
        return overflow ? nil : Exact(micros: value)
    }

    /// The value divided by a whole factor, or nil when that is not exact in six digits.
    public func divided(by factor: Int64) -> Exact? {
        guard factor != 0, micros % factor == 0 else { return nil }
        return Exact(micros: micros / factor)
    }

    /// Shortest decimal text: `12`, `1.2`, `-0.05`.
    public var description: String {
        let magnitude = micros.magnitude
        let whole = magnitude / UInt64(Exact.scale)
        var fractionPart = magnitude % UInt64(Exact.scale)
        var text = (micros < 0 ? "-" : "") + String(whole)
        guard fractionPart != 0 else { return text }
        var width = Exact.fractionDigits
        while fractionPart % 10 == 0 { fractionPart /= 10; width -= 1 }
        let digits = String(fractionPart)
        text += "." + String(repeating: "0", count: width - digits.count) + digits
        return text
    }
}

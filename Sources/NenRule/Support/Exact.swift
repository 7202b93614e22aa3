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
    public static func parse<C: Collection>(_ bytes: C) -> Result<Exact, ParseError> where C.Element == UInt8 {
        var digits: [UInt8] = []
        var negative = false, sawDot = false, fraction = 0, exponent = 0
        var iterator = bytes.makeIterator()
        var current = iterator.next()
        if current == UInt8(ascii: "-") { negative = true; current = iterator.next() }
        else if current == UInt8(ascii: "+") { current = iterator.next() }
        var any = false
        while let byte = current {
            if byte >= 48 && byte <= 57 {
                any = true
                if !(digits.isEmpty && byte == 48) { digits.append(byte - 48) }
                else if sawDot { digits.append(0) }
                if sawDot { fraction += 1 }
                if digits.count > maxDigits { return .failure(.tooManyDigits) }
            } else if byte == UInt8(ascii: "."), !sawDot {
                sawDot = true
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                guard any, case .success(let e) = parseExponent(&iterator) else { return .failure(.malformed) }
                exponent = e
                current = nil
                break
            } else {
                return .failure(.malformed)
            }
            current = iterator.next()
        }
        guard any else { return .failure(.malformed) }
        return assemble(digits: digits, fraction: fraction - exponent, negative: negative)
    }

    public static func parse(_ text: String) -> Result<Exact, ParseError> { parse(Array(text.utf8)) }

    private static func parseExponent<I: IteratorProtocol>(_ iterator: inout I) -> Result<Int, ParseError> where I.Element == UInt8 {
        var sign = 1, value = 0, any = false
        var current = iterator.next()
        if current == UInt8(ascii: "-") { sign = -1; current = iterator.next() }
        else if current == UInt8(ascii: "+") { current = iterator.next() }
        while let byte = current {
            guard byte >= 48 && byte <= 57 else { return .failure(.malformed) }
            any = true
            if value < 100_000 { value = value * 10 + Int(byte - 48) }
            current = iterator.next()
        }
        return any ? .success(sign * value) : .failure(.malformed)
    }

    /// digits × 10^-fraction, checked to fit exactly.
    private static func assemble(digits: [UInt8], fraction: Int, negative: Bool) -> Result<Exact, ParseError> {
        var trimmed = digits[...]
        var shift = fraction
        while shift > fractionDigits, let last = trimmed.last, last == 0 {
            trimmed = trimmed.dropLast()
            shift -= 1
        }
        if shift > fractionDigits { return .failure(trimmed.isEmpty ? .outOfRange : .tooPrecise) }
        if trimmed.isEmpty { return .success(Exact(micros: 0)) }
        let zeros = fractionDigits - shift
        if trimmed.count + zeros > 19 { return .failure(.outOfRange) }
        var value: Int64 = 0
        for digit in trimmed {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(Int64(digit))
            if o1 || o2 { return .failure(.outOfRange) }
            value = plus
        }
        for _ in 0..<zeros {
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            if overflow { return .failure(.outOfRange) }
            value = times
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

/// A growable buffer of plain values behind a raw pointer, for hot paths: appending costs a
/// capacity check and a store — no uniqueness check, no reference counting, no exclusivity
/// check — where `Array.append` pays all three on every call. The owner deallocates it; a copy
/// shares the storage, so keep one owner and copy it only into a local for a stretch of work.
public struct GrowableBuffer<Element: BitwiseCopyable> {
    public private(set) var base: UnsafeMutablePointer<Element>
    public private(set) var count = 0
    public private(set) var capacity: Int

    public init(capacity: Int) {
        self.capacity = Swift.max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    /// The elements written so far.
    public var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    public var isEmpty: Bool { count == 0 }

    public subscript(index: Int) -> Element {
        @inline(__always) get { base[index] }
        @inline(__always) nonmutating set { base[index] = newValue }
    }

    /// Makes room for `extra` more elements.
    @inline(__always)
    public mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    mutating func grow(to needed: Int) {
        var larger = capacity * 2
        while larger < needed { larger *= 2 }
        let moved = UnsafeMutablePointer<Element>.allocate(capacity: larger)
        moved.update(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    @inline(__always)
    public mutating func append(_ element: Element) {
        reserve(1)
        base[count] = element
        count += 1
    }

    @inline(__always)
    public mutating func append(contentsOf run: UnsafeBufferPointer<Element>) {
        guard let start = run.baseAddress, !run.isEmpty else { return }
        reserve(run.count)
        (base + count).update(from: start, count: run.count)
        count += run.count
    }

    /// Forgets the elements, keeping the storage.
    public mutating func removeAll() { count = 0 }

    public func deallocate() { base.deallocate() }
}

extension GrowableBuffer where Element == UInt8 {
    @inline(__always)
    public mutating func append(_ text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }

    /// A non-negative integer's decimal digits, without building a `String`.
    public mutating func appendDecimal(_ value: Int) {
        appendDigits(UInt64(Swift.max(0, value)), width: 1)
    }

    /// The bytes written so far.
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(elements) }
}

extension GrowableBuffer where Element == UInt8 {
    /// `Exact(micros:).description` as bytes — `12`, `1.2`, `-0.05` — without a `String`.
    public mutating func appendExact(micros: Int64) {
        reserve(28)
        if micros < 0 { append(UInt8(ascii: "-")) }
        let magnitude = micros.magnitude, scale = UInt64(Exact.scale)
        appendDigits(magnitude / scale, width: 1)
        var fraction = magnitude % scale
        guard fraction != 0 else { return }
        var width = Exact.fractionDigits
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        append(UInt8(ascii: "."))
        appendDigits(fraction, width: width)
    }

    /// `value` in decimal, left-padded with zeros to at least `width` digits.
    mutating func appendDigits(_ value: UInt64, width: Int) {
        var digits = 1, rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let count = Swift.max(digits, width)
        reserve(count)
        var remaining = value
        for position in stride(from: self.count + count - 1, through: self.count, by: -1) {
            base[position] = UInt8(48 + remaining % 10)
            remaining /= 10
        }
        self.count += count
    }
}

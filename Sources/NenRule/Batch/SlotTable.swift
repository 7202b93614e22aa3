/// Byte-level lookups from case input to slots and slot values, built once per graph so that
/// decoding a case allocates nothing: fact names by an open-addressing hash of their bytes,
/// enum members by a short byte comparison, values converted with `Exact` and unit factors.
public struct SlotTable: Sendable {
    let graph: DecisionGraph
    /// What decoding needs of each fact, without copying its `CheckedFact` (strings and all).
    struct Shape: Sendable {
        enum Kind: UInt8, Sendable { case bool, enumeration, number, quantity }
        var kind: Kind
        /// Enumerations: their members' names are `texts[memberStart ..< memberStart + memberCount]`;
        /// quantities: the units a value may carry, `units[memberStart ..< …]`.
        var memberStart: Int32 = 0
        var memberCount: Int32 = 0
        /// A bare number's factor to slot units (the declared unit's).
        var factor: Int64 = 1
        /// `CheckedFact.slotBounds`, and whether it is a count: what `checkRange` checks.
        var lowest = Int64.min
        var highest = Int64.max
        var wholeNumber = false
    }

    struct AcceptedUnit: Sendable {
        var name: Range<Int>
        var factor: Int64
    }

    let shapes: [Shape]
    /// Fact names and enum members' names, as ranges of `bytes`.
    let names: [Range<Int>]
    let texts: [Range<Int>]
    let units: [AcceptedUnit]
    let bytes: [UInt8]
    var buckets: [Int32]
    let mask: Int

    public init(graph: DecisionGraph) {
        self.graph = graph
        var bytes: [UInt8] = [], texts: [Range<Int>] = [], units: [AcceptedUnit] = []
        func add(_ text: String) -> Range<Int> {
            bytes += text.utf8
            return bytes.count - text.utf8.count..<bytes.count
        }
        names = graph.facts.map { add($0.name) }
        shapes = graph.facts.map { fact in
            var shape = Shape(kind: .number)
            switch fact.type {
            case .bool: shape.kind = .bool
            case .enumeration(let members, _):
                shape = Shape(kind: .enumeration, memberStart: Int32(texts.count), memberCount: Int32(members.count))
                texts += members.map(add)
            case .number: break
            case .quantity(let dimension, let declared):
                let accepted = Unit.all.filter { $0.dimension == dimension && (declared == nil || declared!.group == $0.group) }
                shape = Shape(kind: .quantity, memberStart: Int32(units.count), memberCount: Int32(accepted.count), factor: declared?.factor ?? 1)
                units += accepted.map { AcceptedUnit(name: add($0.name), factor: $0.factor) }
            }
            (shape.lowest, shape.highest) = fact.slotBounds
            shape.wholeNumber = fact.isWholeNumber
            return shape
        }
        self.texts = texts
        self.units = units
        self.bytes = bytes
        var size = 16
        while size < names.count * 4 { size *= 2 }
        mask = size - 1
        buckets = Array(repeating: -1, count: size)
        for (slot, name) in names.enumerated() {
            var bucket = Int(truncatingIfNeeded: SlotTable.hash(bytes[name])) & mask
            while buckets[bucket] >= 0 { bucket = (bucket + 1) & mask }
            buckets[bucket] = Int32(slot)
        }
    }

    /// Whether the stored text `range` is exactly `other`.
    @inline(__always)
    func text<B: Collection<UInt8>>(_ range: Range<Int>, equals other: B) -> Bool {
        guard range.count == other.count else { return false }
        return bytes.withUnsafeBufferPointer { stored in
            var k = range.lowerBound
            for byte in other {
                if stored[k] != byte { return false }
                k += 1
            }
            return true
        }
    }

    @inline(__always)
    static func hash<B: Collection<UInt8>>(_ bytes: B) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        return hash
    }

    /// The slot of a fact name, or nil.
    public func slot<B: Collection<UInt8>>(named name: B) -> Int? {
        var bucket = Int(truncatingIfNeeded: SlotTable.hash(name)) & mask
        while buckets[bucket] >= 0 {
            let slot = Int(buckets[bucket])
            if text(names[slot], equals: name) { return slot }
            bucket = (bucket + 1) & mask
        }
        return nil
    }

    /// Whether the fact in `slot` is a boolean.
    func isBool(_ slot: Int) -> Bool { shapes[slot].kind == .bool }

    /// A value written as text (a JSON string or a CSV cell) for `slot`: a member, a boolean,
    /// or a number with an optional unit. Nil when it does not fit; the slow path says why.
    public func value<B: RandomAccessCollection<UInt8>>(text given: B, slot: Int) -> Int64? where B.Index == Int {
        let shape = shapes[slot]
        switch shape.kind {
        case .enumeration:
            for k in 0..<Int(shape.memberCount) where text(texts[Int(shape.memberStart) + k], equals: given) { return Int64(k) }
            // A missing-value marker, or a member in another case: the full reader decides.
            return nil
        case .bool:
            if CaseDecoder.bytes(given, equal: "true") { return 1 }
            if CaseDecoder.bytes(given, equal: "false") { return 0 }
            // `TRUE`, `yes`, `1`, `NA`: the full reader reads registry spellings.
            return nil
        case .number, .quantity:
            return quantity(given, slot)
        }
    }

    /// `12`, `1.5 cm`, `55%`, `6 months`: the number, then an optional unit after spaces.
    func quantity<B: RandomAccessCollection<UInt8>>(_ bytes: B, _ slot: Int) -> Int64? where B.Index == Int {
        var end = bytes.startIndex
        while end < bytes.endIndex, SlotTable.isNumberByte(bytes[end]) { end += 1 }
        guard case .success(let exact) = Exact.parse(bytes[bytes.startIndex..<end]) else { return nil }
        var unitStart = end
        while unitStart < bytes.endIndex, bytes[unitStart] == 0x20 { unitStart += 1 }
        return number(exact, unit: bytes[unitStart...], slot)
    }

    @inline(__always)
    static func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
    }

    /// A number in the fact's declared unit, or in `unit` when one is written.
    public func number<B: Collection<UInt8>>(_ exact: Exact, unit: B, _ slot: Int) -> Int64? {
        let shape = shapes[slot]
        var factor = shape.factor
        switch shape.kind {
        case .number: guard unit.isEmpty else { return nil }
        case .quantity:
            if !unit.isEmpty {
                let accepted = units[Int(shape.memberStart)..<Int(shape.memberStart + shape.memberCount)]
                guard let written = accepted.first(where: { text($0.name, equals: unit) }) else { return nil }
                factor = written.factor
            }
        default: return nil
        }
        guard let scaled = exact.multiplied(by: factor) else { return nil }
        let value = scaled.micros
        guard value >= shape.lowest, value <= shape.highest, !shape.wholeNumber || value % Exact.scale == 0 else { return nil }
        return value
    }
}

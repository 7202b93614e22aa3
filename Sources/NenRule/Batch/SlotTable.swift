/// Byte-level lookups from case input to slots and slot values, built once per graph so that
/// decoding a case allocates nothing: fact names by an open-addressing hash of their bytes,
/// enum members by a short byte comparison, values converted with `Exact` and unit factors.
public struct SlotTable: Sendable {
    let graph: DecisionGraph
    let names: [[UInt8]]
    let members: [[[UInt8]]]
    var buckets: [Int32]
    let mask: Int

    public init(graph: DecisionGraph) {
        self.graph = graph
        names = graph.facts.map { Array($0.name.utf8) }
        members = graph.facts.map { fact in
            if case .enumeration(let members, _) = fact.type { return members.map { Array($0.utf8) } }
            return []
        }
        var size = 16
        while size < names.count * 4 { size *= 2 }
        mask = size - 1
        buckets = Array(repeating: -1, count: size)
        for (slot, name) in names.enumerated() {
            var bucket = Int(truncatingIfNeeded: SlotTable.hash(name[...])) & mask
            while buckets[bucket] >= 0 { bucket = (bucket + 1) & mask }
            buckets[bucket] = Int32(slot)
        }
    }

    @inline(__always)
    static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        return hash
    }

    /// The slot of a fact name, or nil.
    public func slot(named bytes: ArraySlice<UInt8>) -> Int? {
        var bucket = Int(truncatingIfNeeded: SlotTable.hash(bytes)) & mask
        while buckets[bucket] >= 0 {
            let slot = Int(buckets[bucket])
            if names[slot].elementsEqual(bytes) { return slot }
            bucket = (bucket + 1) & mask
        }
        return nil
    }

    /// A value written as text (a JSON string or a CSV cell) for `slot`: a member, a boolean,
    /// or a number with an optional unit. Nil when it does not fit; the slow path says why.
    public func value(text bytes: ArraySlice<UInt8>, slot: Int) -> Int64? {
        let fact = graph.facts[slot]
        switch fact.type {
        case .enumeration:
            guard let index = members[slot].firstIndex(where: { $0.elementsEqual(bytes) }) else { return nil }
            return Int64(index)
        case .bool:
            if bytes.elementsEqual("true".utf8) { return 1 }
            if bytes.elementsEqual("false".utf8) { return 0 }
            return nil
        case .number, .quantity:
            return quantity(bytes, slot)
        }
    }

    /// `12`, `1.5 cm`, `55%`, `6 months`: the number, then an optional unit after spaces.
    func quantity(_ bytes: ArraySlice<UInt8>, _ slot: Int) -> Int64? {
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
    public func number(_ exact: Exact, unit: ArraySlice<UInt8>, _ slot: Int) -> Int64? {
        let fact = graph.facts[slot]
        var factor: Int64 = 1
        switch fact.type {
        case .number: guard unit.isEmpty else { return nil }
        case .quantity(let dimension, let declared):
            if unit.isEmpty {
                factor = declared?.factor ?? 1
            } else {
                guard let written = Unit.all.first(where: { Array($0.name.utf8)[...] == unit }), written.dimension == dimension,
                      declared == nil || declared!.group == written.group else { return nil }
                factor = written.factor
            }
        default: return nil
        }
        guard let scaled = exact.multiplied(by: factor), fact.allows(scaled.micros) else { return nil }
        return scaled.micros
    }
}

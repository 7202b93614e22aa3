import NenRule

/// Draws JSON values for one fact of a generated cohort, already rendered to bytes.
struct FactValues {
    let fact: CheckedFact
    /// Every value of a bool or enum fact, rendered once.
    let words: [[UInt8]]
    /// Quantities and numbers: the range drawn from, in tenths of `unit`, and how the unit is written.
    let lowTenths: Int64, highTenths: Int64, stepTenths: Int64
    let unit: String?
    /// Share of values written as a string with their unit rather than a bare number.
    let withUnit: Double

    init(_ fact: CheckedFact) {
        self.fact = fact
        var words: [[UInt8]] = [], low: Int64 = 0, high: Int64 = 50, step: Int64 = 1, unit: String? = nil, withUnit = 0.0
        switch fact.type {
        case .bool: words = [Array("true".utf8), Array("false".utf8)]
        case .enumeration(let members, _): words = members.map { Array("\"\($0)\"".utf8) }
        case .number: break
        case .quantity(let dimension, let declared):
            (low, high, step) = FactValues.span(dimension, declared?.name)
            unit = declared?.name ?? (dimension.requiresUnit ? Unit.defaultUnit(for: dimension)?.name : nil)
            withUnit = dimension.requiresUnit ? 1 : declared == nil ? 0 : 0.2
        }
        self.words = words
        lowTenths = low
        highTenths = high
        stepTenths = step
        self.unit = unit
        self.withUnit = withUnit
    }

    /// Plausible clinical values per dimension, in tenths of the declared unit.
    static func span(_ dimension: Dimension, _ unit: String?) -> (Int64, Int64, Int64) {
        switch (dimension, unit) {
        case (.length, _): (5, 600, 1)
        case (.percent, _): (0, 1000, 1)
        case (.count, _), (.mitoticRate, _): (0, 200, 10)
        case (.duration, "years"?): (0, 900, 10)
        case (.duration, "days"?): (0, 900, 10)
        case (.duration, _): (0, 600, 10)
        case (.pressure, _): (600, 2200, 10)
        case (.molarConcentration, _): (10, 45, 1)
        case (.absorbedDose, _): (0, 700, 10)
        // Dates are written `YYYY-MM-DD`: a number never fits, so generated cases leave them out.
        case (.date, _): (0, 10, 10)
        }
    }

    /// A value, or nil when the draw falls outside the fact's declared range (left out, as a
    /// record would leave an implausible field empty).
    func next(_ random: inout SplitMix64) -> [UInt8]? {
        if !words.isEmpty {
            // A finding is true in about a third of the records that mention it.
            if case .bool = fact.type { return random.chance(0.3) ? words[0] : words[1] }
            return words.randomElement(using: &random)
        }
        let tenths = random.tenths(lowTenths / stepTenths, highTenths / stepTenths) * stepTenths
        let raw = RawValue.number(Exact(micros: tenths * 100_000), unit: unit)
        guard case .success = fact.slotValue(of: raw) else { return nil }
        guard let unit, random.chance(withUnit) else { return Array(FactValues.decimal(tenths, scale: 1).utf8) }
        if unit == "mm", random.chance(0.5) { return Array("\"\(FactValues.decimal(tenths, scale: 2)) cm\"".utf8) }
        return Array("\"\(FactValues.decimal(tenths, scale: 1))\(unit == "%" ? "" : " ")\(unit)\"".utf8)
    }

    /// `tenths` shifted right by `scale` decimal places, without trailing zeros: 125 → `12.5`
    /// (scale 1) or `1.25` (scale 2); 120 → `12`.
    static func decimal(_ value: Int64, scale: Int) -> String {
        var divisor: Int64 = 1
        for _ in 0..<scale { divisor *= 10 }
        var whole = String(value / divisor), fraction = String(value % divisor)
        fraction = String(repeating: "0", count: scale - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if !fraction.isEmpty { whole += "." + fraction }
        return whole
    }
}

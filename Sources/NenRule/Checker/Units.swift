/// Physical dimensions of quantity facts.
public enum Dimension: String, Sendable, CaseIterable {
    case length, percent, count, mitoticRate = "mitotic_rate", duration
    /// A calendar day, written `YYYY-MM-DD`; held as days since 1970-01-01.
    case date
    case pressure, molarConcentration = "molar_concentration", absorbedDose = "absorbed_dose"

    /// The dimension in words: `molar concentration`.
    public var noun: String { rawValue.replacingOccurrences(of: "_", with: " ") }

    /// Laboratory and dose values come in more than one unit system (calcium in mmol/L or
    /// mg/dL, dose in Gy or cGy), so a bare number of these dimensions is refused, never read in
    /// the declared unit: a normal 10 mg/dL calcium must not become 10 mmol/L.
    public var requiresUnit: Bool {
        switch self {
        case .pressure, .molarConcentration, .absorbedDose: true
        case .length, .percent, .count, .mitoticRate, .duration, .date: false
        }
    }
}

/// A unit and its exact relation to the base unit of its group. Values are held in the base unit
/// (mm, %, days or months, mmHg, µmol/L, cGy), so conversion is an exact integer multiplication.
public struct Unit: Hashable, Sendable {
    public var name: String
    public var dimension: Dimension
    /// How many base units one of this unit is.
    public var factor: Int64
    /// Units convert exactly only within a group: days and weeks; months and years.
    public var group: String

    public static let all: [Unit] = [
        Unit(name: "mm", dimension: .length, factor: 1, group: "mm"),
        Unit(name: "cm", dimension: .length, factor: 10, group: "mm"),
        Unit(name: "%", dimension: .percent, factor: 1, group: "%"),
        Unit(name: "days", dimension: .duration, factor: 1, group: "days"),
        Unit(name: "weeks", dimension: .duration, factor: 7, group: "days"),
        Unit(name: "months", dimension: .duration, factor: 1, group: "months"),
        Unit(name: "years", dimension: .duration, factor: 12, group: "months"),
        Unit(name: "mmHg", dimension: .pressure, factor: 1, group: "mmHg"),
        Unit(name: "umol/L", dimension: .molarConcentration, factor: 1, group: "umol/L"),
        Unit(name: "mmol/L", dimension: .molarConcentration, factor: 1_000, group: "umol/L"),
        Unit(name: "cGy", dimension: .absorbedDose, factor: 1, group: "cGy"),
        Unit(name: "Gy", dimension: .absorbedDose, factor: 100, group: "cGy"),
    ]

    /// Units of another system that a fact may accept through its own stated equivalence
    /// (`also 14 mg/dL = 3.5 mmol/L`); they mean nothing elsewhere.
    public static let equivalenceWords: Set<String> = ["mg/dL", "mg/L", "g/L", "ug/L", "ug/dL", "ng/mL", "pg/mL"]

    /// Singular spellings accepted in case values (`"1 year"`).
    static let aliases: [String: String] = [
        "day": "days", "week": "weeks", "month": "months", "year": "years", "percent": "%",
    ]

    public static func named(_ name: String) -> Unit? {
        let canonical = aliases[name] ?? name
        return all.first { $0.name == canonical }
    }

    /// The unit a dimension uses when a declaration names none. Counts and mitotic rates are
    /// bare numbers.
    public static func defaultUnit(for dimension: Dimension) -> Unit? {
        switch dimension {
        case .length: named("mm")
        case .percent: named("%")
        case .duration: named("months")
        case .pressure: named("mmHg")
        case .molarConcentration: named("mmol/L")
        case .absorbedDose: named("Gy")
        case .count, .mitoticRate, .date: nil
        }
    }

    public static func units(of dimension: Dimension) -> [Unit] { all.filter { $0.dimension == dimension } }
}

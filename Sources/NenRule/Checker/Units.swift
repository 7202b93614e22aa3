/// Physical dimensions of quantity facts.
public enum Dimension: String, Sendable, CaseIterable {
    case length, percent, count, mitoticRate = "mitotic_rate", duration
}

/// A unit and its exact relation to the base unit of its group. Values are held in the base unit
/// (mm, %, days or months), so conversion is an exact integer multiplication.
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
    ]

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
        case .count, .mitoticRate: nil
        }
    }

    public static func units(of dimension: Dimension) -> [Unit] { all.filter { $0.dimension == dimension } }
}

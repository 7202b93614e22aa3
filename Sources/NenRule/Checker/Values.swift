/// A value before it is typed against a fact: from a literal in the rules, a test's `given`, or
/// a case's JSON or CSV.
public enum RawValue: Equatable, Sendable {
    case bool(Bool)
    case number(Exact, unit: String?)
    /// A bare word: an enum member, or (from case files) text still to be read.
    case word(String)
}

/// Why a value does not fit a fact; the caller attaches the span or the case.
public struct ValueProblem: Error, Equatable, Sendable {
    public var code: String
    public var message: String
    public var help: String?
}

extension RawValue {
    /// Reads case text such as `"1.5 cm"`, `"55%"`, `"6 months"`, `"12"` or `"G2"`.
    public static func parseText(_ text: String) -> Result<RawValue, ValueProblem> {
        let trimmed = text.trimmingSpaces()
        let bytes = Array(trimmed.utf8)
        var split = 0
        while split < bytes.count, "+-0123456789.eE".utf8.contains(bytes[split]) {
            // An `e` only continues the number when a digit or sign follows (so `8 mm` ≠ `8e`).
            if bytes[split] == UInt8(ascii: "e") || bytes[split] == UInt8(ascii: "E") {
                guard split > 0, split + 1 < bytes.count, "+-0123456789".utf8.contains(bytes[split + 1]) else { break }
            }
            split += 1
        }
        guard split > 0, bytes[0] != UInt8(ascii: "e"), bytes[0] != UInt8(ascii: "E") else { return .success(.word(trimmed)) }
        let unit = String(decoding: bytes[split...], as: UTF8.self).trimmingSpaces()
        switch Exact.parse(bytes[0..<split]) {
        case .success(let value): return .success(.number(value, unit: unit.isEmpty ? nil : unit))
        case .failure(.malformed): return .success(.word(trimmed))
        case .failure(.tooPrecise):
            return .failure(ValueProblem(code: "number-precision", message: "`\(trimmed)` has more than \(Exact.fractionDigits) decimal places"))
        case .failure:
            return .failure(ValueProblem(code: "number-range", message: "`\(trimmed)` is too large to hold exactly"))
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

extension CheckedFact {
    /// Converts a raw value to this fact's slot value, checking type, dimension, unit and range.
    public func slotValue(of raw: RawValue) -> Result<Int64, ValueProblem> {
        switch (type, raw) {
        case (.bool, .bool(let value)):
            return .success(value ? 1 : 0)
        case (.bool, .word(let word)):
            guard let value = CaseText.boolean(word) else { break }
            return .success(value ? 1 : 0)
        case (.bool, .number(let value, nil)) where value.micros == 0 || value.micros == Exact.scale:
            // Registry exports write booleans as 1 and 0.
            return .success(value.micros == 0 ? 0 : 1)
        case (.enumeration(let members, _), .word(let word)):
            if let index = members.firstIndex(of: word) ?? foldedMember(word) { return .success(Int64(index)) }
            return .failure(ValueProblem(
                code: "unknown-member", message: "`\(word)` is not a member of `\(name)`",
                help: Suggestion.help(for: word, in: members) ?? "expected one of \(members.map { "`\($0)`" }.joined(separator: ", "))"))
        case (.quantity(.date, _), .word(let text)):
            guard let days = CalendarDate.days(text) else {
                return .failure(ValueProblem(code: "date", message: "`\(text)` is not a date written `YYYY-MM-DD` (fact `\(name)`)", help: "give a date such as \"2024-03-15\""))
            }
            return checkRange(days * Exact.scale)
        case (.quantity(.date, _), _):
            return .failure(ValueProblem(code: "type-mismatch", message: "`\(name)` is a date, not \(raw.noun)", help: "give a date such as \"2024-03-15\""))
        case (.number, .number(let value, nil)):
            return checkRange(value.micros)
        case (.quantity(let dimension, let declared), .number(let value, let unitName)):
            return convertQuantity(value, unitName: unitName, dimension: dimension, declared: declared)
        default: break
        }
        return .failure(ValueProblem(code: "type-mismatch", message: "`\(name)` is \(typeNoun), not \(raw.noun)", help: exampleHelp))
    }

    /// An enum's members; nil for other facts.
    public var members: [String]? {
        if case .enumeration(let members, _) = type { return members }
        return nil
    }

    /// The member a word names when case is ignored (`g1` for `G1`), if exactly one does and
    /// none matches exactly.
    public func foldedMember(_ word: String) -> Int? {
        guard case .enumeration(let members, _) = type, !members.contains(word) else { return nil }
        let matches = members.indices.filter { members[$0].lowercased() == word.lowercased() }
        return matches.count == 1 ? matches[0] : nil
    }

    private func convertQuantity(_ value: Exact, unitName: String?, dimension: Dimension, declared: Unit?) -> Result<Int64, ValueProblem> {
        guard let unitName else {
            if dimension.requiresUnit {
                let unit = (declared ?? Unit.defaultUnit(for: dimension))?.name ?? ""
                return .failure(ValueProblem(code: "missing-unit", message: "`\(value)` for `\(name)` needs a unit: \(dimension.noun) comes in more than one unit system",
                                             help: "write `\(value) \(unit)`, if that is the unit it was measured in"))
            }
            // A bare number is read in the declared unit.
            guard let scaled = value.multiplied(by: declared?.factor ?? 1) else { return .failure(tooLarge(value)) }
            return checkRange(scaled.micros)
        }
        guard let unit = equivalentUnits.first(where: { $0.name == unitName }) ?? Unit.named(unitName) else {
            let known = (Unit.units(of: dimension) + equivalentUnits).map(\.name)
            return .failure(ValueProblem(
                code: "unknown-unit", message: "unknown unit `\(unitName)` for `\(name)`",
                help: Suggestion.help(for: unitName, in: known) ?? (known.isEmpty ? "`\(name)` takes a bare number" : "use one of \(known.map { "`\($0)`" }.joined(separator: ", "))")))
        }
        guard unit.dimension == dimension else {
            return .failure(ValueProblem(
                code: "dimension", message: "`\(name)` is a \(dimension.rawValue), but `\(value) \(unit.name)` is a \(unit.dimension.rawValue)",
                help: exampleHelp))
        }
        if let declared, declared.group != unit.group {
            return .failure(ValueProblem(
                code: "unit", message: "`\(unit.name)` cannot be converted exactly to `\(declared.name)` for `\(name)`",
                help: "give the value in \(Unit.all.filter { $0.group == declared.group }.map { "`\($0.name)`" }.joined(separator: " or "))"))
        }
        guard let scaled = value.multiplied(by: unit.factor) else { return .failure(tooLarge(value)) }
        return checkRange(scaled.micros)
    }

    private func tooLarge(_ value: Exact) -> ValueProblem {
        ValueProblem(code: "number-range", message: "`\(value)` is too large for `\(name)`")
    }

    /// Counts hold whole numbers only.
    public var isWholeNumber: Bool {
        if case .quantity(.count, _) = type { return true }
        if case .quantity(.date, _) = type { return true }
        return false
    }

    /// The declared range as inclusive bounds on slot values, which are whole numbers of
    /// micro-units, so `> 0` is `>= 1` (micro-unit). `lowest > highest` when nothing fits.
    public var slotBounds: (lowest: Int64, highest: Int64) {
        let lowest = low.map { $0.inclusive ? ($0.value, false) : $0.value.addingReportingOverflow(1) } ?? (.min, false)
        let highest = high.map { $0.inclusive ? ($0.value, false) : $0.value.subtractingReportingOverflow(1) } ?? (.max, false)
        // `> max` or `< min` leaves nothing; wrapping around would leave everything.
        return lowest.1 || highest.1 ? (.max, .min) : (lowest.0, highest.0)
    }

    /// Checks the declared range (and wholeness of counts); values are in slot units.
    func checkRange(_ value: Int64) -> Result<Int64, ValueProblem> {
        if isWholeNumber, value % Exact.scale != 0 {
            return .failure(ValueProblem(code: "range", message: "`\(name)` is a count, so \(Exact(micros: value)) is not a possible value",
                                         help: "give a whole number"))
        }
        let bounds = slotBounds
        if value < bounds.lowest || value > bounds.highest {
            return .failure(ValueProblem(
                code: "range", message: "\(display(value)) is outside the range of `\(name)` (\(rangeText))"))
        }
        return .success(value)
    }

    /// The declared range in words, e.g. `0 % ... 100 %` or `> 0 mm`.
    public var rangeText: String {
        switch (low, high) {
        case (let low?, let high?) where low.inclusive && high.inclusive: "\(display(low.value)) ... \(display(high.value))"
        default:
            [low.map { ($0.inclusive ? ">= " : "> ") + display($0.value) },
             high.map { ($0.inclusive ? "<= " : "< ") + display($0.value) }]
                .compactMap { $0 }.joined(separator: " and ")
        }
    }

    var typeNoun: String {
        switch type {
        case .bool: "a boolean"
        case .number: "a number"
        case .enumeration: "an enumeration"
        case .quantity(let dimension, _): "a \(dimension.rawValue)"
        }
    }

    var exampleHelp: String {
        switch type {
        case .bool: "give `true` or `false`"
        case .number: "give a number"
        case .enumeration(let members, _): "give one of \(members.map { "`\($0)`" }.joined(separator: ", "))"
        case .quantity(let dimension, let unit):
            unit.map { "give a number in \($0.name), or a string with a unit such as \"\(dimension == .percent ? "12%" : "12 \($0.name)")\"" }
                ?? "give a number"
        }
    }

    /// How a value of this fact is written in a rule file.
    var ruleExampleHelp: String {
        switch type {
        case .bool: return "write `true` or `false`"
        case .number: return "write a number"
        case .enumeration(let members, _): return "write one of \(members.map { "`\($0)`" }.joined(separator: ", "))"
        case .quantity(let dimension, let declared):
            guard let unit = (declared ?? Unit.defaultUnit(for: dimension))?.name else { return "write a number" }
            return "write a \(dimension.noun) such as `12 \(unit)`"
        }
    }

    /// A slot value as text in the fact's declared unit: `12 mm`, `1.5 cm`, `G2`, `true`.
    public func display(_ value: Int64) -> String {
        switch type {
        case .bool: return value != 0 ? "true" : "false"
        case .enumeration(let members, _):
            return members.indices.contains(Int(value)) ? members[Int(value)] : "#\(value)"
        case .number: return Exact(micros: value).description
        case .quantity(.date, _):
            return CalendarDate.iso(value / Exact.scale)
        case .quantity(_, let unit):
            guard let unit else { return Exact(micros: value).description }
            let shown = Exact(micros: value).divided(by: unit.factor)
            if let shown { return "\(shown)\(unit.name == "%" ? " %" : " " + unit.name)" }
            let base = Unit.all.first { $0.group == unit.group && $0.factor == 1 }!
            return "\(Exact(micros: value)) \(base.name)"
        }
    }
}

extension RawValue {
    var noun: String {
        switch self {
        case .bool(let value): "the boolean `\(value)`"
        case .number(let value, let unit): "the quantity `\(value)\(unit.map { " " + $0 } ?? "")`"
        case .word(let word): "the name `\(word)`"
        }
    }
}

/// How registry exports write values, read alike by every case reader: booleans in the usual
/// spellings, and the markers of a missing value.
public enum CaseText {
    /// `true`/`false`, `yes`/`no`, `y`/`n` in any case (`1`/`0` are numbers, read by the fact).
    public static func boolean(_ word: String) -> Bool? {
        switch word.lowercased() {
        case "true", "yes", "y": true
        case "false", "no", "n": false
        default: nil
        }
    }

    /// Empty, `NA`, `N/A`, `NULL` (any case) and `.`: the value is not known.
    public static func isMissing(_ text: String) -> Bool {
        let trimmed = text.trimmingSpaces()
        return trimmed.isEmpty || trimmed == "." || ["na", "n/a", "null"].contains(trimmed.lowercased())
    }
}

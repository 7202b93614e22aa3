/// A JSON Schema (draft 2020-12) for one case of a rule set — the object `nenrule eval --facts`
/// reads, fact name → value — that accepts a case exactly when `CaseReader` does, for every
/// value a schema can judge: `null` and the missing-value markers, booleans in every registry
/// spelling, enum members (in another case when only one member matches), numbers and numeric
/// strings with their precision and range, quantities in every unit the fact accepts (the range
/// converted to each unit), and unknown keys. The decimals inside a range form a regular
/// language, so a string's range is checked by its pattern: `"500 cm"` against the range in cm,
/// with the same exactness as a JSON number's `minimum`/`maximum`.
///
/// What JSON Schema cannot express, and the schema therefore does not check (its description
/// says so too), each refused by `eval`:
/// - the rule set's constraints, and a derived fact given against what the other given facts
///   derive (`inconsistent-case`): they relate facts to each other;
/// - the value of a number in exponent notation inside a string (`"1e2"`, `"1.5e1 cm"`): which
///   value such text stands for is not a regular language (`"0.001e3"` is 1), so the notation
///   is accepted and its value, precision and range are not checked;
/// - a number written with more digits than `Exact` can hold (from about 19 significant digits,
///   trailing zeros counted, as in `1.0000000000000000000`): a schema sees the value, not its
///   digits;
/// - a fact given twice (JSON parsers keep one of the two), and the JSON reader's own limits;
/// - a date that does not exist (`2023-02-30`): the pattern checks the form and days up to 31.
///
/// Patterns use only what ECMA-262 and Python's `re` read alike: no flags, `[0-9]` rather than
/// `\d`, white space as an explicit class of Unicode's White_Space characters (what Swift's
/// `Character.isWhitespace` trims), `(?:…)` groups. Numbers are bounded with `minimum` and
/// `maximum` (the declared range, or the exact limit of about 9.2 × 10¹²) and `multipleOf`
/// 0.000001, which is exact for a validator that reads JSON numbers as decimals.
public struct CaseSchemaRenderer: Sendable {
    public let model: CheckedModel

    public init(model: CheckedModel) { self.model = model }

    public static let draft = "https://json-schema.org/draft/2020-12/schema"

    /// The schema, facts in declaration order.
    public func schema() -> JSONNode {
        let info = model.info
        var properties: [(String, JSONNode)] = [
            ("case_id", .object([("description", .string("identifies the case (any JSON value); not a fact"))])),
        ]
        // Swift compares names by canonical equivalence, under which the Kelvin sign is `K`: a
        // name with a `K` is also found so spelled.
        var spelledOtherwise: [(String, JSONNode)] = []
        for fact in model.facts where !CaseReader.reservedKeys.contains(fact.name) {
            properties.append((fact.name, property(fact)))
            if fact.name.contains("K") {
                let name = fact.name.map { $0 == "K" ? #"[K\u212a]"# : CasePattern.escape(String($0)) }.joined()
                spelledOtherwise.append(("^" + name + #"(?![\s\S])"#, .object([("$ref", .string("#/properties/" + fact.name))])))
            }
        }
        return .object([
            ("$schema", .string(CaseSchemaRenderer.draft)),
            ("title", .string("case for " + (info.title.map { "\($0) (`\(info.name)`)" } ?? "`\(info.name)`"))),
            ("description", .string(CaseSchemaRenderer.overview)),
            ("x-nenrule-rule-set", .string(info.name)),
            ("x-nenrule-version", info.version.map { .string($0) } ?? .null),
            ("type", .string("object")),
            ("properties", .object(properties)),
        ] + (spelledOtherwise.isEmpty ? [] : [("patternProperties", .object(spelledOtherwise))]) + [
            ("additionalProperties", .bool(false)),
            ("$defs", .object([
                ("unknown", .object([
                    ("description", .string("not known: null, or a missing-value marker (\"\", \".\", \"NA\", \"N/A\", \"NULL\" in any case, spaces around allowed)")),
                    ("anyOf", .array([
                        .object([("type", .string("null"))]),
                        .object([("type", .string("string")), ("pattern", .string(CasePattern.whole(CasePattern.missing)))]),
                    ])),
                ])),
            ])),
        ])
    }

    static let overview = """
        one case for `nenrule eval --facts`: fact name → value, plus an optional `case_id` (any \
        value); a key that is not a fact is refused. Every fact may be null or a missing-value \
        marker (not known). Booleans: true/false, "yes"/"no"/"y"/"n" in any case, 1/0. Enums: a \
        member's name, or the name in another case when exactly one member matches (eval warns). \
        Numbers: at most 6 decimal places, in the declared range. Quantities: a number in the \
        declared unit, or a string with a unit the fact accepts ("1.5 cm", "55%"), the range \
        converted to each unit; laboratory values and doses need their unit. Dates: "YYYY-MM-DD". What JSON Schema \
        cannot express, and this schema therefore does not check, though eval refuses it: a case \
        that breaks the rule set's constraints or gives a derived fact against what the other facts \
        derive (a schema does not relate facts); the value of a number in exponent notation inside \
        a string ("1e2": the notation is accepted); a number written with more digits than eval can \
        hold (from about 19 significant digits, trailing zeros counted); a fact given twice; a date that \
        does not exist ("2023-02-30"). \
        multipleOf is exact only for a validator that reads JSON numbers as decimals, not binary floats
        """

    // MARK: - One fact

    func property(_ fact: CheckedFact) -> JSONNode {
        var members: [(String, JSONNode)] = [("description", .string(describe(fact)))]
        var alternatives: [JSONNode] = [.object([("$ref", .string("#/$defs/unknown"))])]
        switch fact.type {
        case .bool:
            members.append(("x-nenrule-type", .string("bool")))
            alternatives += [
                .object([("type", .string("boolean"))]),
                .object([("enum", .array([.number("0"), .number("1")]))]),
                string(CasePattern.boolean),
            ]
        case .enumeration(let names, let ordered):
            members.append(("x-nenrule-type", .string(ordered ? "ordered" : "enum")))
            members.append(("x-nenrule-members", .array(names.map { .string($0) })))
            alternatives.append(string(CasePattern.members(names)))
        case .number:
            members.append(("x-nenrule-type", .string("number")))
            alternatives += numeric(fact, units: [], declared: nil, bare: true)
        case .quantity(.date, _):
            // A calendar day. A schema checks the form and the month's days up to 31; an
            // impossible day (`2023-02-30`) passes it and `eval` refuses it.
            members.append(("x-nenrule-type", .string("date")))
            alternatives.append(.object([("type", .string("string")), ("format", .string("date")),
                                         ("pattern", .string(CasePattern.whole("[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])")))]))
        case .quantity(let dimension, let declared):
            members.append(("x-nenrule-type", .string(dimension.rawValue)))
            let units = acceptedUnits(fact)
            if let declared {
                members.append(("x-nenrule-unit", .string(declared.name)))
                members.append(("x-nenrule-units", .array(units.map { .string($0.name) })))
            }
            alternatives += numeric(fact, units: units, declared: declared, bare: !dimension.requiresUnit)
        }
        members.append(("anyOf", .array(alternatives)))
        return .object(members)
    }

    func string(_ pattern: String) -> JSONNode {
        .object([("type", .string("string")), ("pattern", .string(CasePattern.whole(pattern)))])
    }

    /// The units a quantity's value may carry: its declared unit's group (exact conversions
    /// only), then units accepted through `also`.
    func acceptedUnits(_ fact: CheckedFact) -> [Unit] {
        guard case .quantity(let dimension, let declared?) = fact.type else { return [] }
        return Unit.all.filter { $0.dimension == dimension && $0.group == declared.group } + fact.equivalentUnits
    }

    /// A JSON number read in the declared unit (unless `bare` is false: a bare number is
    /// refused), and a string: a bare number the same way, or a number with one of `units`.
    func numeric(_ fact: CheckedFact, units: [Unit], declared: Unit?, bare: Bool) -> [JSONNode] {
        var alternatives: [JSONNode] = []
        let bareFactor = declared?.factor ?? 1
        if bare, let range = CaseSchemaRenderer.writtenRange(fact, factor: bareFactor) {
            var number: [(String, JSONNode)] = [("type", .string("number"))]
            number += CaseSchemaRenderer.bounds(fact, factor: bareFactor, range)
            number.append(("multipleOf", .number(fact.isWholeNumber ? "1" : Exact(micros: 1).description)))
            alternatives.append(.object(number))
        }
        func number(_ factor: Int64) -> String? {
            CaseSchemaRenderer.writtenRange(fact, factor: factor).flatMap { DecimalPattern.signed($0.lowest, $0.highest, whole: fact.isWholeNumber) }
        }
        var texts: [String] = []
        for unit in units {
            guard let number = number(unit.factor) else { continue }
            let suffix = CasePattern.space + "*" + CasePattern.unit(unit)
            texts.append(number + (bare && unit == declared ? "(?:\(suffix))?" : suffix))
        }
        if bare, declared == nil, let number = number(bareFactor) { texts.append(number) }
        // Exponent notation: accepted as notation, its value not checked (see the type's comment).
        if !units.isEmpty {
            let anyUnit = CasePattern.space + "*" + CasePattern.group(units.map(CasePattern.unit))
            texts.append(CasePattern.exponent + (bare ? "(?:\(anyUnit))?" : anyUnit))
        } else if bare {
            texts.append(CasePattern.exponent)
        }
        if !texts.isEmpty { alternatives.append(string(CasePattern.group(texts))) }
        return alternatives
    }

    /// The values (in millionths of `factor`'s unit) that a number written in that unit may
    /// take: what `Exact` holds, whose conversion does not overflow, inside the declared range,
    /// whole for counts. Nil when none.
    static func writtenRange(_ fact: CheckedFact, factor: Int64) -> (lowest: Int64, highest: Int64)? {
        let (lowest, highest) = fact.slotBounds
        guard lowest <= highest else { return nil }
        var low = max(ceilDivide(lowest, factor), -Int64.max)
        var high = floorDivide(highest, factor)
        if fact.isWholeNumber {
            // Counts take no unit: a whole number is a whole million of millionths.
            let (up, overflow) = ceilDivide(low, Exact.scale).multipliedReportingOverflow(by: Exact.scale)
            guard !overflow else { return nil }
            let (down, underflow) = floorDivide(high, Exact.scale).multipliedReportingOverflow(by: Exact.scale)
            guard !underflow else { return nil }
            (low, high) = (up, down)
        }
        return low <= high ? (low, high) : nil
    }

    /// `minimum`/`maximum`, or `exclusiveMinimum`/`exclusiveMaximum` where the declared bound
    /// is exclusive and says the same (`> 0 mm` rather than `minimum` 0.000001).
    static func bounds(_ fact: CheckedFact, factor: Int64, _ range: (lowest: Int64, highest: Int64)) -> [(String, JSONNode)] {
        let grid = fact.isWholeNumber ? Exact.scale : 1
        // The first grid value above `value`, and the last below it; nil past the limits.
        func above(_ value: Int64) -> Int64? {
            let (base, o1) = floorDivide(value, grid).multipliedReportingOverflow(by: grid)
            let (next, o2) = base.addingReportingOverflow(grid)
            return o1 || o2 ? nil : next
        }
        func below(_ value: Int64) -> Int64? {
            let (base, o1) = ceilDivide(value, grid).multipliedReportingOverflow(by: grid)
            let (previous, o2) = base.subtractingReportingOverflow(grid)
            return o1 || o2 ? nil : previous
        }
        var out: [(String, JSONNode)] = []
        if let low = fact.low, !low.inclusive, low.value % factor == 0, above(low.value / factor) == range.lowest {
            out.append(("exclusiveMinimum", .number(Exact(micros: low.value / factor).description)))
        } else {
            out.append(("minimum", .number(Exact(micros: range.lowest).description)))
        }
        if let high = fact.high, !high.inclusive, high.value % factor == 0, below(high.value / factor) == range.highest {
            out.append(("exclusiveMaximum", .number(Exact(micros: high.value / factor).description)))
        } else {
            out.append(("maximum", .number(Exact(micros: range.highest).description)))
        }
        return out
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? quotient - 1 : quotient
    }

    static func ceilDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder > 0 ? quotient + 1 : quotient
    }

    /// The fact's description, type, unit and range in words.
    func describe(_ fact: CheckedFact) -> String {
        var words: [String] = []
        switch fact.type {
        case .bool: words.append("boolean: true or false (also \"yes\"/\"no\", \"y\"/\"n\" in any case, 1/0)")
        case .number: words.append("number")
        case .enumeration(let names, let ordered):
            words.append((ordered ? "ordered, one of " : "one of ") + names.map { "`\($0)`" }.joined(separator: ", "))
        case .quantity(.date, _): words.append("date, written YYYY-MM-DD")
        case .quantity(let dimension, let declared):
            guard let declared else {
                words.append(dimension == .count ? "count (a whole number)" : "\(dimension.noun) (a number)")
                break
            }
            let others = acceptedUnits(fact).filter { $0 != declared }.map(\.name)
            words.append("\(dimension.noun) in \(declared.name)" + (others.isEmpty ? "" : " (also \(others.joined(separator: ", ")))"))
            if dimension.requiresUnit { words.append("with its unit (a bare number is refused)") }
        }
        if fact.low != nil || fact.high != nil { words.append("range \(fact.rangeText)") }
        if let derivedBy = fact.derivedBy { words.append("derived by `\(model.decisions[derivedBy].id)` when not given") }
        if let between = fact.between {
            words.append("computed between `\(model.facts[between.from].name)` and `\(model.facts[between.to].name)` when not given")
        }
        return (fact.description.map { $0 + " — " } ?? "") + words.joined(separator: ", ")
    }
}

/// Regular expressions for the text forms the case reader accepts; see `CaseSchemaRenderer`
/// for the dialect.
enum CasePattern {
    /// Unicode White_Space, which `Character.isWhitespace` tests and `trimmingSpaces` trims.
    static let space = #"[\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"#

    /// The whole string: `pattern` with white space around it.
    static func whole(_ pattern: String) -> String { "^\(space)*\(pattern)\(space)*$" }

    /// `CaseText.isMissing`: empty, `.`, `NA`, `N/A`, `NULL` in any case.
    static let missing = "(?:" + #"\."# + "|" + anyCase("n") + "/?" + anyCase("a") + "|" + anyCase("null") + ")?"

    /// `CaseText.boolean`'s words, and the numbers 1 and 0 (`1.0`, `+1`, `-0`, `00`, …).
    static var boolean: String {
        let words = ["true", "false", "yes", "no", "y", "n"].map(anyCase)
        let zero = DecimalPattern.magnitude(0, 0, whole: false)!, one = DecimalPattern.magnitude(Exact.scale, Exact.scale, whole: false)!
        return group(words + [#"\+?"# + group([zero, one]), "-" + zero, exponent])
    }

    /// `[+-]?digits[.digits]e[+-]digits`, as `Exact.parse` reads it.
    static let exponent = #"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][+-]?[0-9]+"#

    /// An enum's members: exactly, or in another case when only that member matches so
    /// (`foldedMember`); members that differ only in case are matched exactly.
    static func members(_ names: [String]) -> String {
        group(names.map { name in
            names.filter({ $0.lowercased() == name.lowercased() }).count == 1 ? anyCase(name) : escape(name)
        })
    }

    /// A unit and its singular alias (`years`, `year`).
    static func unit(_ unit: Unit) -> String {
        group([unit.name] + Unit.aliases.filter { $0.value == unit.name }.keys.sorted(), escaping: true)
    }

    /// `word` in any case, as `String.lowercased()` compares: each letter by both cases, and
    /// `k` also by the Kelvin sign, which lowercases to it.
    static func anyCase(_ word: String) -> String {
        word.map { character -> String in
            let lower = character.lowercased(), upper = character.uppercased()
            guard lower != upper, lower.count == 1, upper.count == 1 else { return escape(String(character)) }
            return "[" + lower + upper + (lower == "k" ? #"\u212a"# : "") + "]"
        }.joined()
    }

    /// Regular-expression syntax characters escaped (no others, so the pattern stays valid
    /// with ECMA-262's `u` flag too).
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if #"\^$.|?*+()[]{}/"#.contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    static func group(_ alternatives: [String], escaping: Bool = false) -> String {
        let items = escaping ? alternatives.map(escape) : alternatives
        return items.count == 1 ? items[0] : "(?:" + items.joined(separator: "|") + ")"
    }
}

/// Plain decimal text (`12`, `-012.50`, `.5`, `3.`, no exponent) whose value lies in a range
/// of millionths, as a regular expression: the integer part by the usual digit-by-digit range
/// construction, the fraction by its first six digits (fewer are padded with zeros, further
/// ones must be zeros). Leading and trailing zeros are unlimited (see `CaseSchemaRenderer` on
/// numbers too long to hold).
enum DecimalPattern {
    static let fractionDigits = Exact.fractionDigits
    static let fractionMax = Exact.scale - 1

    /// A sign and a magnitude, for values in `low...high` (both within ±`Int64.max`).
    static func signed(_ low: Int64, _ high: Int64, whole: Bool) -> String? {
        guard low <= high else { return nil }
        let positive = high >= 0 ? magnitude(max(low, 0), high, whole: whole) : nil
        let negative = low <= 0 ? magnitude(max(-high, 0), -low, whole: whole) : nil
        if let positive, positive == negative { return "[+-]?" + positive }
        let alternatives = [positive.map { #"\+?"# + $0 }, negative.map { "-" + $0 }].compactMap { $0 }
        return alternatives.isEmpty ? nil : CasePattern.group(alternatives)
    }

    /// Unsigned text for magnitudes in `low...high` (0 ≤ low ≤ high); nil when none (a count
    /// with no whole number in the range).
    static func magnitude(_ low: Int64, _ high: Int64, whole: Bool) -> String? {
        var low = low, high = high
        if whole {
            low = CaseSchemaRenderer.ceilDivide(low, Exact.scale)
            high = CaseSchemaRenderer.floorDivide(high, Exact.scale)
            return low <= high ? CasePattern.group(piece(low, high, 0, 0)) : nil
        }
        guard low <= high else { return nil }
        let (lowWhole, lowFraction) = low.quotientAndRemainder(dividingBy: Exact.scale)
        let (highWhole, highFraction) = high.quotientAndRemainder(dividingBy: Exact.scale)
        if lowWhole == highWhole { return CasePattern.group(piece(lowWhole, highWhole, lowFraction, highFraction)) }
        var pieces: [String] = []
        var first = lowWhole, last = highWhole
        if lowFraction != 0 {
            pieces += piece(lowWhole, lowWhole, lowFraction, fractionMax)
            first += 1
        }
        if highFraction != fractionMax { last -= 1 }
        if first <= last { pieces += piece(first, last, 0, fractionMax) }
        if highFraction != fractionMax { pieces += piece(highWhole, highWhole, 0, highFraction) }
        return CasePattern.group(pieces)
    }

    /// Integer part in `lowWhole...highWhole`, fraction (six digits) in `lowFraction...highFraction`.
    static func piece(_ lowWhole: Int64, _ highWhole: Int64, _ lowFraction: Int64, _ highFraction: Int64) -> [String] {
        let fraction: String
        if lowFraction == 0, highFraction == 0 {
            fraction = #"(?:\.0*)?"#
        } else {
            let digits = fractionTail(lowFraction, highFraction, requireDigit: false)
            fraction = lowFraction == 0 ? #"(?:\."# + digits + ")?" : #"\."# + digits
        }
        var out: [String] = []
        var from = lowWhole
        if from == 0 {
            // `0`, `00.5`, or no integer digits at all: `.5` (a point alone is no number).
            out.append(lowFraction > 0 ? "0*" + fraction
                       : "0*(?:0" + fraction + #"|\."# + fractionTail(lowFraction, highFraction, requireDigit: true) + ")")
            from = 1
        }
        if from <= highWhole { out.append("0*" + integer(from, highWhole) + fraction) }
        return out
    }

    static func sixDigits(_ value: Int64) -> [Int] {
        let text = String(value)
        return Array(repeating: 0, count: fractionDigits - text.count) + text.map { $0.wholeNumberValue! }
    }

    static func fractionTail(_ low: Int64, _ high: Int64, requireDigit: Bool) -> String {
        fractionTail(sixDigits(low), sixDigits(high), 0, lowTight: true, highTight: true, requireDigit: requireDigit)
    }

    /// Fraction digits from `position` on, while the value is held to `low`'s digits (if
    /// `lowTight`) and `high`'s (if `highTight`); text may end early (the rest read as zeros),
    /// and digits past the sixth must be zeros.
    static func fractionTail(_ low: [Int], _ high: [Int], _ position: Int, lowTight: Bool, highTight: Bool, requireDigit: Bool) -> String {
        if position == fractionDigits { return "0*" }
        let lowTight = lowTight && low[position...].contains { $0 != 0 }
        let highTight = highTight && high[position...].contains { $0 != 9 }
        if highTight, high[position...].allSatisfy({ $0 == 0 }) { return requireDigit ? "0+" : "0*" }
        if !lowTight, !highTight { return "[0-9]{\(requireDigit ? 1 : 0),\(fractionDigits - position)}0*" }
        func next(_ lowTight: Bool, _ highTight: Bool) -> String {
            fractionTail(low, high, position + 1, lowTight: lowTight, highTight: highTight, requireDigit: false)
        }
        let alternatives = splitDigit(low[position], high[position], lowTight: lowTight, highTight: highTight, next: next)
        // Ending here reads the rest as zeros: fine unless the low bound needs more.
        return !lowTight && !requireDigit ? "(?:" + alternatives.joined(separator: "|") + ")?" : CasePattern.group(alternatives)
    }

    /// The alternatives for one digit position: the low bound's digit (still held to it), the
    /// high bound's, and the digits between (free from there on).
    static func splitDigit(_ lowDigit: Int, _ highDigit: Int, lowTight: Bool, highTight: Bool, next: (Bool, Bool) -> String) -> [String] {
        let from = lowTight ? lowDigit : 0, to = highTight ? highDigit : 9
        if lowTight, highTight, from == to { return ["\(from)" + next(true, true)] }
        var alternatives: [String] = []
        var middleFrom = from, middleTo = to
        if lowTight {
            alternatives.append("\(from)" + next(true, false))
            middleFrom += 1
        }
        if highTight { middleTo -= 1 }
        if middleFrom <= middleTo { alternatives.append(digitClass(middleFrom, middleTo) + next(false, false)) }
        if highTight { alternatives.append("\(to)" + next(false, true)) }
        return alternatives
    }

    static func digitClass(_ from: Int, _ to: Int) -> String {
        from == to ? "\(from)" : from == 0 && to == 9 ? "[0-9]" : to == from + 1 ? "[\(from)\(to)]" : "[\(from)-\(to)]"
    }

    /// Integers in `low...high` (1 ≤ low ≤ high) without leading zeros.
    static func integer(_ low: Int64, _ high: Int64) -> String {
        let lowLength = String(low).count, highLength = String(high).count
        var alternatives: [String] = []
        var fullLengths: ClosedRange<Int>?
        func flush() {
            guard let lengths = fullLengths else { return }
            let more = lengths.lowerBound == lengths.upperBound ? (lengths.lowerBound == 1 ? "" : "[0-9]{\(lengths.lowerBound - 1)}")
                : "[0-9]{\(lengths.lowerBound - 1),\(lengths.upperBound - 1)}"
            alternatives.append("[1-9]" + more)
            fullLengths = nil
        }
        for length in lowLength...highLength {
            let smallest = power(length - 1), largest = power(length) - 1
            let from = length == lowLength ? low : smallest, to = length == highLength ? high : largest
            if from == smallest, to == largest {
                fullLengths = (fullLengths?.lowerBound ?? length)...length
                continue
            }
            flush()
            let digits = { (value: Int64) in String(value).map { $0.wholeNumberValue! } }
            alternatives.append(fixedLength(digits(from), digits(to), 0, lowTight: true, highTight: true))
        }
        flush()
        return CasePattern.group(alternatives)
    }

    static func power(_ exponent: Int) -> Int64 { (0..<exponent).reduce(1) { value, _ in value * 10 } }

    /// Digit strings of one length from `position` on, held to the bounds' digits while tight.
    static func fixedLength(_ low: [Int], _ high: [Int], _ position: Int, lowTight: Bool, highTight: Bool) -> String {
        let remaining = low.count - position
        if remaining == 0 { return "" }
        let lowTight = lowTight && low[position...].contains { $0 != 0 }
        let highTight = highTight && high[position...].contains { $0 != 9 }
        if !lowTight, !highTight { return remaining == 1 ? "[0-9]" : "[0-9]{\(remaining)}" }
        return CasePattern.group(splitDigit(low[position], high[position], lowTight: lowTight, highTight: highTight) { lowTight, highTight in
            fixedLength(low, high, position + 1, lowTight: lowTight, highTight: highTight)
        })
    }
}

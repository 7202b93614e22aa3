import NenRule

/// A generated fact: its declaration, and what the generator needs to write literals and case
/// values of it. Numeric values are held in tenths of the declared unit, so literals and cases
/// can be exact decimals, and can be written in any unit of the same group.
struct RandomFact: Sendable {
    enum Kind: Sendable {
        case bool
        case members([String], ordered: Bool)
        case numeric(Numeric)
    }

    struct Numeric: Sendable {
        /// The type as declared: `number`, `length in cm`, `percent`, `duration`, ….
        var type: String
        /// The unit literals carry (nil: a bare number).
        var unit: String?
        /// Other units of the group: one of them is `per.0 / per.1` declared units.
        var others: [(name: String, per: (Int, Int))]
        /// Whether values may have a decimal (counts and mitotic rates are whole).
        var decimals: Bool
        /// The values used, in tenths, inside the declared range.
        var low: Int, high: Int
        /// The `range` clause, if any.
        var range: String?
    }

    var name: String
    var kind: Kind
    var derivedBy: String?
    /// Values the rules compare it with (tenths, or member index): cases like to sit on them.
    var thresholds: [Int] = []

    var isOrdered: Bool {
        switch kind {
        case .bool, .members(_, ordered: false): false
        case .members(_, ordered: true), .numeric: true
        }
    }

    /// The declaration's tokens.
    func declaration(description: String?) -> [String] {
        var tokens = ["fact", name, ":"]
        switch kind {
        case .bool: tokens.append("bool")
        case .members(let members, let ordered):
            tokens += (ordered ? ["ordered"] : []) + ["{"] + members.joined(separator: ",").tokenList + ["}"]
        case .numeric(let numeric):
            tokens += numeric.type.split(separator: " ").map(String.init)
            if let range = numeric.range { tokens += range.split(separator: " ").map(String.init) }
        }
        if let description { tokens.append(description) }
        if let derivedBy { tokens += ["derived", "by", derivedBy] }
        return tokens
    }
}

extension String {
    /// `a,b,c` as tokens `a` `,` `b` `,` `c`.
    var tokenList: [String] {
        split(separator: ",").enumerated().flatMap { $0.offset == 0 ? [String($0.element)] : [",", String($0.element)] }
    }
}

/// Decimal text of integers scaled by powers of ten.
enum Decimal10 {
    /// `value / 10^scale` exactly, without trailing zeros: (15, 1) → "1.5", (-5, 1) → "-0.5".
    static func text(_ value: Int, scale: Int) -> String {
        var power = 1
        for _ in 0..<scale { power *= 10 }
        let whole = abs(value) / power, fraction = abs(value) % power
        var text = (value < 0 ? "-" : "") + String(whole)
        if fraction != 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: scale - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }
}

extension RandomFact.Numeric {
    /// A literal for `tenths`, in the declared unit or, when exact, another unit of its group;
    /// now and then a bare number (read in the declared unit).
    func literal(_ tenths: Int, _ random: inout SplitMix64) -> [String] {
        let roll = random.next() % 10
        if roll < 3, let other = others.randomElement(using: &random), let text = Self.convert(tenths, other.per) {
            return number(text) + [other.name]
        }
        let text = Decimal10.text(tenths, scale: 1)
        guard let unit, roll != 9 else { return number(text) }
        return number(text) + [unit]
    }

    /// The same value as case text: "12 mm", "1.2 cm", "12", or a JSON number.
    func caseValue(_ tenths: Int, _ random: inout SplitMix64) -> String {
        let text = Decimal10.text(tenths, scale: 1)
        switch random.next() % 4 {
        case 0: return text
        case 1: if let other = others.randomElement(using: &random), let converted = Self.convert(tenths, other.per) {
                return "\"\(converted) \(other.name)\""
            }
        default: break
        }
        return unit.map { "\"\(text)\($0 == "%" && random.next() % 2 == 0 ? "" : " ")\($0)\"" } ?? "\"\(text)\""
    }

    /// A negative number as the grammar has it: `-` then the number.
    private func number(_ text: String) -> [String] {
        text.hasPrefix("-") ? ["-", String(text.dropFirst())] : [text]
    }

    /// `tenths` of the declared unit in a unit of which one is `per.0 / per.1` declared units.
    static func convert(_ tenths: Int, _ per: (Int, Int)) -> String? {
        let scaled = tenths * per.1
        if per.0 == 1 { return Decimal10.text(scaled, scale: 1) }
        if per.0 == 10 { return Decimal10.text(scaled, scale: 2) }
        return scaled % per.0 == 0 ? Decimal10.text(scaled / per.0, scale: 1) : nil
    }
}

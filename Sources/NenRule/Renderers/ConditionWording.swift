/// Conditions and facts in plain words, as a clinician reads them: "tumour size over 20 mm",
/// "grade G1 or G2", "regional lymph-node metastasis absent".
public struct ConditionWording {
    public let facts: [CheckedFact]

    public init(facts: [CheckedFact]) {
        self.facts = facts
    }

    /// A condition in words. Compound terms nested in the other connective are parenthesised,
    /// so "a and (b or c)" keeps its meaning.
    public func words(_ condition: Condition) -> String {
        switch condition {
        case .constant(let value): return value ? "always" : "never"
        case .isTrue(let fact): return boolean(fact, true)
        case .known(let fact): return "\(name(fact)) known"
        case .compare(let fact, let op, let value): return comparison(fact, op, value)
        case .member(let fact, let mask): return membership(fact, mask)
        case .not(let inner): return negation(inner)
        case .and(let terms):
            if let range = inclusiveRange(terms) { return range }
            return terms.map { term(of: $0, inAnd: true) }.joined(separator: " and ")
        case .or(let terms): return terms.map { term(of: $0, inAnd: false) }.joined(separator: " or ")
        }
    }

    /// A fact's name in words: `tumor_size` → "tumour size", `regional_ln_metastasis` →
    /// "regional lymph-node metastasis", `ki67` → "Ki-67".
    public func name(_ fact: Int) -> String {
        facts[fact].name.split(separator: "_").map { word in
            let text = String(word)
            if let spelled = Self.glossary[text] { return spelled }
            return text.count == 1 ? text.uppercased() : text
        }.joined(separator: " ")
    }

    /// Abbreviations in fact names and the words a clinician expects in their place.
    static let glossary: [String: String] = [
        "ki67": "Ki-67", "ln": "lymph-node", "tumor": "tumour", "met": "metastasis", "max": "maximum",
        "ssa": "SSA", "sstr": "SSTR", "net": "NET", "nec": "NEC", "prrt": "PRRT", "mdt": "MDT",
    ]

    /// Last words of boolean fact names that are findings (present / absent) rather than
    /// statements (yes / no).
    static let findingWords: Set<String> = [
        "metastasis", "invasion", "disease", "signs", "mass", "syndrome", "symptoms", "progression",
    ]

    func boolean(_ fact: Int, _ value: Bool) -> String {
        let isFinding = facts[fact].name.split(separator: "_").last.map { Self.findingWords.contains(String($0)) } ?? false
        if isFinding { return name(fact) + (value ? " present" : " absent") }
        return name(fact) + (value ? ": yes" : ": no")
    }

    func comparison(_ fact: Int, _ op: RelOp, _ value: Int64) -> String {
        let shown = facts[fact].display(value).replacingOccurrences(of: "_", with: " ")
        let isOrdinal = if case .enumeration = facts[fact].type { true } else { false }
        let relation = switch op {
        case .eq: isOrdinal ? "" : "equal to "
        case .ne: isOrdinal ? "not " : "other than "
        case .lt: isOrdinal ? "before " : "below "
        case .le: "at most "
        case .gt: isOrdinal ? "beyond " : "over "
        case .ge: "at least "
        }
        return "\(name(fact)) \(relation)\(shown)"
    }

    func membership(_ fact: Int, _ mask: UInt64) -> String {
        let members = memberIndices(fact, mask)
        if facts[fact].type == .bool {
            switch members {
            case [0]: return boolean(fact, false)
            case [1]: return boolean(fact, true)
            case []: return "never"
            default: return "\(name(fact)) known"
            }
        }
        guard !members.isEmpty else { return "never" }
        let shown = members.map { facts[fact].display(Int64($0)).replacingOccurrences(of: "_", with: " ") }
        let listed = shown.count == 1 ? shown[0] : shown.dropLast().joined(separator: ", ") + " or " + shown.last!
        return "\(name(fact)) \(listed)"
    }

    /// Member indices in `mask` that the fact declares, in declared order.
    func memberIndices(_ fact: Int, _ mask: UInt64) -> [Int] {
        let count = switch facts[fact].type {
        case .bool: 2
        case .enumeration(let members, _): members.count
        default: 0
        }
        return (0..<count).filter { mask & (1 << UInt64($0)) != 0 }
    }

    /// Negations read as their positive counterpart where one exists (under Kleene logic
    /// `not (x > 20)` and `x <= 20` are unknown for the same cases).
    func negation(_ inner: Condition) -> String {
        switch inner {
        case .isTrue(let fact): return boolean(fact, false)
        case .known(let fact): return "\(name(fact)) unknown"
        case .compare(let fact, let op, let value): return comparison(fact, op.negated, value)
        case .member(let fact, let mask):
            let all = UInt64.max >> UInt64(64 - max(1, memberIndices(fact, .max).count))
            return membership(fact, ~mask & all)
        case .not(let twice): return words(twice)
        case .constant(let value): return value ? "never" : "always"
        case .and, .or: return "not (\(words(inner)))"
        }
    }

    func term(of condition: Condition, inAnd: Bool) -> String {
        switch condition {
        case .or where inAnd: return "(\(words(condition)))"
        case .and(let terms) where !inAnd && inclusiveRange(terms) == nil: return "(\(words(condition)))"
        default: return words(condition)
        }
    }

    /// `x in a ... b` (checked as `x >= a and x <= b`) as "x from a to b inclusive".
    func inclusiveRange(_ terms: [Condition]) -> String? {
        guard terms.count == 2, case .compare(let fact, .ge, let low) = terms[0],
              case .compare(fact, .le, let high) = terms[1] else { return nil }
        return "\(name(fact)) from \(facts[fact].display(low)) to \(facts[fact].display(high)) inclusive"
    }
}

extension RelOp {
    /// The relation that holds exactly when this one does not.
    var negated: RelOp {
        switch self {
        case .eq: .ne
        case .ne: .eq
        case .lt: .ge
        case .le: .gt
        case .gt: .le
        case .ge: .lt
        }
    }
}

/// The checked model: names resolved to indices, literals converted to slot values, units
/// checked. The compiler turns it into a graph; lint and explain read it.

/// A fact's type after checking.
public enum FactType: Equatable, Sendable {
    case bool
    case number
    case enumeration(members: [String], ordered: Bool)
    /// `unit` is the declared unit (bare numbers are read in it); nil for counts and rates.
    case quantity(Dimension, unit: Unit?)

    public var description: String {
        switch self {
        case .bool: "bool"
        case .number: "number"
        case .enumeration(let members, let ordered): (ordered ? "ordered " : "") + "{ " + members.joined(separator: ", ") + " }"
        case .quantity(let dimension, let unit): dimension.rawValue + (unit.map { " in \($0.name)" } ?? "")
        }
    }
}

/// An inclusive or exclusive bound on a fact's value, in slot units.
public struct Bound: Equatable, Sendable {
    public var value: Int64
    public var inclusive: Bool
}

public struct CheckedFact: Sendable {
    public var name: String
    public var type: FactType
    public var low: Bound?
    public var high: Bound?
    public var description: String?
    /// Units of another system accepted through the fact's stated equivalence (`also`).
    public var equivalentUnits: [Unit] = []
    /// The decision that derives this fact when the case does not give it.
    public var derivedBy: Int?
    /// A duration computed from two date facts (earlier, later) when the case does not give it.
    public var between: (from: Int, to: Int)? = nil
    public var span: Span
}

public struct CheckedOutcome: Sendable {
    public var name: String
    public var label: String?
    /// An assessment given without a strength (`outcome CR "…" finding`).
    public var finding = false
    public var span: Span
}

/// A resolved condition. Fact operands are fact indices; values are slot values (an enum
/// member's index, 0/1 for booleans, or `Exact.micros` in the dimension's base unit).
public indirect enum Condition: Hashable, Sendable {
    case constant(Bool)
    /// A boolean fact read as a condition.
    case isTrue(fact: Int)
    case known(fact: Int)
    case compare(fact: Int, RelOp, Int64)
    /// Enum or boolean fact in a set of members (bit i = member i).
    case member(fact: Int, mask: UInt64)
    case not(Condition)
    case and([Condition])
    case or([Condition])

    /// The facts this condition reads, in first-read order without repeats.
    public var facts: [Int] {
        var seen: [Int] = []
        collectFacts(into: &seen)
        return seen
    }

    func collectFacts(into seen: inout [Int]) {
        switch self {
        case .constant: break
        case .isTrue(let f), .known(let f), .compare(let f, _, _), .member(let f, _):
            if !seen.contains(f) { seen.append(f) }
        case .not(let inner): inner.collectFacts(into: &seen)
        case .and(let terms), .or(let terms): for term in terms { term.collectFacts(into: &seen) }
        }
    }
}

/// The guideline's strength verbs, in the order of the design brief.
public enum Strength: String, Sendable, CaseIterable {
    case must, should, recommend, suggest, prefer, may
    case notRecommended = "not_recommended"
    case refer

    /// The strength as a reader says it: `not recommended`, `may`.
    public var words: String { self == .notRecommended ? "not recommended" : rawValue }
}

public struct CheckedResult: Equatable, Sendable {
    public var strength: Strength?
    /// Index into the decision's output space.
    public var output: Int
}

public struct CheckedBranch: Sendable {
    public var condition: Condition
    public var results: [CheckedResult]
    public var cites: [String]
    public var notes: [String]
    /// Criteria sets: whether this criterion is relative; its label.
    public var relative = false
    public var label: String?
    public var span: Span
}

public enum DecisionKind: String, Sendable {
    case decision, table, criteria
}

/// What a decision's outputs are drawn from.
public enum OutputSpace: Equatable, Sendable {
    /// Declared outcomes (indices into `CheckedModel.outcomes`).
    case outcomes
    /// The members of the enum fact it derives.
    case members(fact: Int)
    /// `met`, `met_except_relative`, `not_met`.
    case criteria
}

public let criteriaOutputs = ["met", "met_except_relative", "not_met"]

public struct CheckedDecision: Sendable {
    public var id: String
    public var title: String?
    public var kind: DecisionKind
    public var policy: Policy
    public var applies: Condition?
    public var cites: [String]
    public var notes: [String]
    public var branches: [CheckedBranch]
    public var otherwise: CheckedBranch?
    public var outputs: OutputSpace
    public var span: Span
    /// The span of the id, where diagnostics about the whole decision point.
    public var idSpan: Span
}

/// A relationship between facts that every case must satisfy.
public struct CheckedConstraint: Sendable {
    public var id: String
    public var title: String?
    public var cites: [String]
    public var notes: [String]
    /// The condition every case satisfies (`implies` and `iff` spelled out).
    public var condition: Condition
    /// The written form when the condition is an implication or equivalence, for wording.
    public var relation: Relation?
    public var span: Span
    public var idSpan: Span

    public enum Relation: Sendable {
        case implies(Condition, Condition)
        case iff(Condition, Condition)
    }
}

/// A test's given value for one fact, already converted.
public struct CheckedGiven: Sendable {
    public var fact: Int
    public var value: Int64
    public var span: Span
}

public struct CheckedExpect: Sendable {
    /// The decision expected on; -1 for `expect inconsistent`.
    public var decision: Int
    /// `expect inconsistent ID`: the constraint the case must break.
    public var constraint: Int?
    public var expectation: Expectation
    public var span: Span
}

public struct CheckedTest: Sendable {
    public var name: String
    public var given: [CheckedGiven]
    public var expects: [CheckedExpect]
    /// The patient record the facts came from (`given "file.json"`), if any. A test over a
    /// record accounts for every decision left undetermined: expected or marked irrelevant.
    public var record: String? = nil
    /// Decisions marked `irrelevant` to this patient, with the place of each mark.
    public var irrelevant: [(decision: Int, span: Span)] = []
    /// The `given` clause: where failures about the case as a whole point.
    public var givenSpan: Span
    public var span: Span
}

public struct RuleSetInfo: Sendable, Equatable {
    public var name: String
    public var title: String?
    public var version: String?
}

/// Everything the compiler, lint and explain need, with no syntax left in it.
public struct CheckedModel: Sendable {
    public var info: RuleSetInfo
    public var facts: [CheckedFact] = []
    public var outcomes: [CheckedOutcome] = []
    public var decisions: [CheckedDecision] = []
    public var constraints: [CheckedConstraint] = []
    public var tests: [CheckedTest] = []
    /// Named conditions, kept for lint (`unused-define`) and explain.
    public var defines: [(name: String, condition: Condition, span: Span)] = []
    /// Defines referenced from some condition.
    public var usedDefines: Set<String> = []

    public func factIndex(_ name: String) -> Int? { facts.firstIndex { $0.name == name } }
    public func decisionIndex(_ id: String) -> Int? { decisions.firstIndex { $0.id == id } }
    public func constraintIndex(_ id: String) -> Int? { constraints.firstIndex { $0.id == id } }

    /// The name of output `index` of decision `decision`.
    public func outputName(_ decision: Int, _ index: Int) -> String {
        switch decisions[decision].outputs {
        case .outcomes: outcomes[index].name
        case .members(let fact):
            if case .enumeration(let members, _) = facts[fact].type { members[index] } else { "?" }
        case .criteria: criteriaOutputs[index]
        }
    }

    /// All output names of a decision, by index.
    public func outputNames(_ decision: Int) -> [String] {
        switch decisions[decision].outputs {
        case .outcomes: outcomes.map(\.name)
        case .members(let fact):
            if case .enumeration(let members, _) = facts[fact].type { members } else { [] }
        case .criteria: criteriaOutputs
        }
    }
}

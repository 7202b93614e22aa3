/// Kleene three-valued truth.
public enum Truth: UInt8, Sendable, BitwiseCopyable {
    case `false` = 0, `true` = 1, unknown = 2

    public var name: String {
        switch self {
        case .false: "false"
        case .true: "true"
        case .unknown: "unknown"
        }
    }
}

public enum Status: String, Sendable {
    case decided
    case undetermined
    case notApplicable = "not_applicable"
}

/// One recommendation of a decided (or possible) branch.
public struct Recommendation: Equatable, Sendable {
    public var outcome: String
    public var strength: Strength?
    public var cites: [String]
    public var notes: [String]
}

/// A fact value as a trace event saw it; nil value means unknown.
public struct FactReading: Equatable, Sendable {
    public var fact: String
    public var value: String?
    /// True when the value was derived rather than given.
    public var derived: Bool
}

/// Structured trace events, in evaluation order (OPA-style: enter, evaluate, emit).
public enum TraceEvent: Equatable, Sendable {
    case entered(decision: String)
    case applies(Truth, reads: [FactReading])
    /// Branch `index` (1-based; 0 is `otherwise`) evaluated to `truth`.
    case branch(index: Int, truth: Truth, reads: [FactReading], span: Span)
    case criterion(index: Int, relative: Bool, label: String?, truth: Truth, reads: [FactReading], span: Span)
    case derived(fact: String, value: String?, by: String)
    /// A constraint narrowed a missing fact to `values`, given the facts in `given`.
    case narrowed(fact: String, values: [String], by: String, given: [FactReading])
    case recommendation(Recommendation)
}

/// The answer for one decision.
public struct DecisionResult: Equatable, Sendable {
    public var id: String
    public var status: Status
    /// Decided: the outcomes; undetermined: the possible outcomes.
    public var outcomes: [String]
    public var recommendations: [Recommendation]
    /// Facts that would settle an undetermined decision, in declaration order.
    public var needs: [String]
    public var trace: [TraceEvent]
    /// What decided it, for coverage: branch indices (0-based; -1 is `otherwise`), or for a
    /// criteria set the index of its answer (met, met_except_relative, not_met).
    public var taken: [Int] = []
    /// Whether the decision's `applies when` held (true when it has none).
    public var applicability: Truth = .true
    /// The exploration budget stopped before the answer was exact: it is the sound Kleene one.
    public var approximate = false

    /// The strength a decided outcome is given with; nil for a finding or a derived member.
    public func strength(of outcome: String) -> Strength? {
        recommendations.first { $0.outcome == outcome }?.strength
    }

    /// The outcomes, each after its strength where it has one: `not_recommended a, may b`.
    public var outcomesWithStrengths: [String] {
        outcomes.map { outcome in (strength(of: outcome).map { $0.rawValue + " " } ?? "") + outcome }
    }
}

/// The answer for one case.
public struct Evaluation: Sendable {
    public var decisions: [DecisionResult]
    public var diagnostics: [Diagnostic]

    public init(decisions: [DecisionResult], diagnostics: [Diagnostic]) {
        self.decisions = decisions
        self.diagnostics = diagnostics
    }
}

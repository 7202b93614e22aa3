/// The executable form of a rule set: a flat, index-addressed DAG. Facts are slots; conditions
/// are nodes shared between every place that uses them (hash-consed), so a condition that
/// several decisions test is evaluated at most once per case. The evaluator reads only this.
public struct DecisionGraph: Sendable {
    /// A condition node. Operands of `and`/`or` are a run in `operands`.
    public enum Node: Hashable, Sendable {
        case constant(Bool)
        case isTrue(slot: Int32)
        case known(slot: Int32)
        case compare(slot: Int32, RelOp, Int64)
        case member(slot: Int32, mask: UInt64)
        case not(Int32)
        case and(start: Int32, count: Int32)
        case or(start: Int32, count: Int32)
    }

    public struct Branch: Sendable {
        public var node: Int32
        public var results: [CheckedResult]
        /// The branch's outputs as bits over the decision's `localOutputs`.
        public var mask: UInt64
        /// Equal for two branches of a decision exactly when they recommend the same outcomes
        /// with the same strengths: what "every possible path gives the same answer" compares.
        public var signature: Int32
        /// The branch's citations, or the decision's when it has none of its own.
        public var cites: [String]
        public var notes: [String]
        public var relative: Bool
        public var label: String?
        /// Facts the condition reads, for trace events.
        public var reads: [Int32]
        public var span: Span
    }

    public struct Decision: Sendable {
        public var id: String
        public var title: String?
        public var kind: DecisionKind
        public var policy: Policy
        /// -1 when the decision always applies.
        public var guardNode: Int32
        public var guardReads: [Int32]
        public var branches: [Branch]
        public var otherwise: Branch?
        /// The slot this decision derives, or -1.
        public var derives: Int32
        public var outputNames: [String]
        /// The outputs this decision can give, ascending by output index (so bit order is the
        /// declared order that `highest` uses); result masks are over these positions.
        public var localOutputs: [Int32]
        public var otherwiseMask: UInt64 { otherwise?.mask ?? 0 }
        public var cites: [String]
        public var span: Span
    }

    /// A relationship every case satisfies; its condition is kept whole for propagation.
    public struct Constraint: Sendable {
        public var id: String
        public var title: String?
        public var cites: [String]
        public var notes: [String]
        public var node: Int32
        public var condition: Condition
        public var span: Span
    }

    public var info: RuleSetInfo
    public var facts: [CheckedFact]
    public var nodes: [Node]
    public var operands: [Int32]
    public var decisions: [Decision]
    public var constraints: [Constraint] = []
    /// Each fact's cells and the constraints over them: what the exact evaluation explores.
    public var network: ConstraintNetwork
    /// For each slot, the decision that derives it, or -1.
    public var derivedBy: [Int32]
    /// Durations computed between two date facts: (duration, earlier date, later date) slots.
    /// Empty for most rule sets, so a case pays nothing for the feature.
    public internal(set) var dateSpans: [(slot: Int, from: Int, to: Int)] = []
    /// Outcome labels by outcome name, for renderers.
    public var outcomeLabels: [String: String]
    /// The decisions as flat arrays, for the evaluator's hot path.
    public var plan: Plan
    /// `sha256:` + hex of the canonical dump.
    public var digest: String

    public func decisionIndex(_ id: String) -> Int? { decisions.firstIndex { $0.id == id } }
    public func constraintIndex(_ id: String) -> Int? { constraints.firstIndex { $0.id == id } }
}

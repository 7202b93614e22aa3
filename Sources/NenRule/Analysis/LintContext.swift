/// What every lint rule may read: the checked model, the syntax, and the explored input space
/// of every decision.
public struct LintContext: Sendable {
    public let model: CheckedModel
    public let files: [FileAST]
    /// Explored space per decision, by decision index.
    public let spaces: [DecisionSpace]
    /// `--strict`: also report overlaps under the `first` policy.
    public let strict: Bool

    /// A concrete point's facts as a witness case, in the order the decision reads them.
    public func witness(_ space: DecisionSpace, _ point: [Int: Int64]) -> [WitnessValue] {
        space.facts.compactMap { cells in
            guard let value = point[cells.fact] else { return nil }
            let fact = model.facts[cells.fact]
            return WitnessValue(fact: fact.name, value: fact.display(value), isBool: fact.type == .bool)
        }
    }

    /// The branches of a decision that hold at a concrete point (all facts known).
    public func trueBranches(_ decision: Int, at point: [Int: Int64]) -> [Int] {
        model.decisions[decision].branches.indices.filter { model.decisions[decision].branches[$0].condition.holds(point) }
    }

    /// Outcome names of a branch, sorted, for comparing what two branches recommend.
    public func outcomes(_ decision: Int, _ branch: Int) -> [String] {
        model.decisions[decision].branches[branch].results.map { model.outputName(decision, $0.output) }.sorted()
    }

    /// "branch 3 (line 12)"-style reference, resolved by renderers from the span.
    public func branchName(_ index: Int) -> String { "branch \(index + 1)" }
}

/// A lint rule: one kind of finding. Rules are independent and see the same context.
public protocol LintRule: Sendable {
    /// The stable code its findings carry.
    var code: String { get }
    func findings(_ context: LintContext) -> [Diagnostic]
}

extension Condition {
    /// Concrete truth with every fact known (`known(...)` holds; a missing value counts as false).
    func holds(_ values: [Int: Int64]) -> Bool {
        switch self {
        case .constant(let value): return value
        case .known: return true
        case .isTrue(let fact): return (values[fact] ?? 0) != 0
        case .compare(let fact, let op, let bound): return values[fact].map { Evaluator.compare($0, op, bound) } ?? false
        case .member(let fact, let mask): return values[fact].map { Evaluator.isMember($0, mask) } ?? false
        case .not(let inner): return !inner.holds(values)
        case .and(let terms): return terms.allSatisfy { $0.holds(values) }
        case .or(let terms): return terms.contains { $0.holds(values) }
        }
    }
}

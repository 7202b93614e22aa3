/// The syntax tree, one file at a time. Every node carries its span; names keep their own spans
/// so diagnostics can point at exactly the word that is wrong.

/// A name as written, with where it was written.
public struct Name: Equatable, Sendable {
    public var text: String
    public var span: Span
}

/// A number with an optional unit, as written: `20 mm`, `55 %`, `-50 %`, `6 months`.
public struct QuantityLiteral: Equatable, Sendable {
    public var value: Exact
    public var unit: String?
    /// The source text of the number, for faithful round-trips (`20.0` stays `20.0`).
    public var text: String
    public var span: Span
}

/// The right-hand side of a comparison or a member of a set.
public enum Value: Equatable, Sendable {
    case quantity(QuantityLiteral)
    case name(Name)
    case boolean(Bool, Span)

    public var span: Span {
        switch self {
        case .quantity(let q): q.span
        case .name(let n): n.span
        case .boolean(_, let s): s
        }
    }
}

public enum RelOp: String, Equatable, Sendable, CaseIterable {
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
}

/// A condition.
public indirect enum Expr: Equatable, Sendable {
    case boolean(Bool, Span)
    case name(Name)                                     // bool fact or define
    case known(Name, Span)
    case compare(Name, RelOp, Value, Span)
    case inSet(Name, [Value], negated: Bool, Span)
    case inRange(Name, Value, Value, Span)              // inclusive `a ... b`
    case not(Expr, Span)
    case and([Expr], Span)
    case or([Expr], Span)
    case parenthesized(Expr, Span)
    /// `a implies b`: when `a` holds, so does `b`.
    case implies(Expr, Expr, Span)
    /// `a iff b`: both hold or neither does.
    case iff(Expr, Expr, Span)
    /// Placeholder after a syntax error, so the rest of the file can still be checked.
    case error(Span)

    public var span: Span {
        switch self {
        case .boolean(_, let s), .known(_, let s), .compare(_, _, _, let s), .inSet(_, _, _, let s),
             .inRange(_, _, _, let s), .not(_, let s), .and(_, let s), .or(_, let s),
             .parenthesized(_, let s), .implies(_, _, let s), .iff(_, _, let s), .error(let s):
            s
        case .name(let n): n.span
        }
    }
}

/// `cite "§4.1.3"` and `note "AMB-23: ..."`, in the order written.
public struct Annotations: Equatable, Sendable {
    public var cites: [StringLiteral] = []
    public var notes: [StringLiteral] = []

    public init() {}
    public var isEmpty: Bool { cites.isEmpty && notes.isEmpty }
}

public struct StringLiteral: Equatable, Sendable {
    public var value: String
    public var span: Span
}

/// One recommendation of a branch: `should radical_resection` or a bare `G2`.
public struct ResultSpec: Equatable, Sendable {
    public var strength: Name?
    public var outcome: Name
}

public struct Branch: Equatable, Sendable {
    /// Nil for `otherwise`.
    public var condition: Expr?
    public var results: [ResultSpec]
    public var annotations: Annotations
    public var span: Span
}

public enum Policy: String, Equatable, Sendable, CaseIterable {
    case first, unique, collect, highest
}

/// The shared header of decisions, tables and criteria sets.
public struct DecisionHeader: Equatable, Sendable {
    public var id: Name
    public var title: StringLiteral?
    public var applies: Expr?
    public var policy: Name?
    public var annotations = Annotations()
}

public struct Decision: Equatable, Sendable {
    public var header: DecisionHeader
    public var branches: [Branch]
    public var span: Span
}

/// A table row cell, constraining its column.
public enum Cell: Equatable, Sendable {
    case any(Span)
    case compare(RelOp, Value, Span)
    case range(Value, Value, Span)
    case inSet([Value], negated: Bool, Span)
}

public struct Row: Equatable, Sendable {
    public var cells: [Cell]
    public var results: [ResultSpec]
    public var annotations: Annotations
    public var span: Span
}

public struct Table: Equatable, Sendable {
    public var header: DecisionHeader
    public var inputs: [Name]
    public var rows: [Row]
    public var otherwise: Branch?
    public var span: Span
}

public struct Criterion: Equatable, Sendable {
    public var relative: Bool
    public var condition: Expr
    public var label: StringLiteral?
    public var annotations: Annotations
    public var span: Span
}

public struct Criteria: Equatable, Sendable {
    public var header: DecisionHeader
    public var criteria: [Criterion]
    public var span: Span
}

/// A relationship between facts that every case satisfies: `constraint id "title" { condition }`.
public struct ConstraintDecl: Equatable, Sendable {
    public var id: Name
    public var title: StringLiteral?
    public var annotations: Annotations
    public var condition: Expr
    public var span: Span
}

public enum FactTypeSyntax: Equatable, Sendable {
    case bool(Span)
    case number(Span)
    case enumeration([Name], ordered: Bool, Span)
    case quantity(dimension: Name, unit: Name?, Span)
}

public struct RangeSyntax: Equatable, Sendable {
    /// Inclusive `lo ... hi`, or a one-sided bound `>= 0`.
    public var low: QuantityLiteral?
    public var high: QuantityLiteral?
    public var lowOp: RelOp?
    public var highOp: RelOp?
    public var span: Span
}

/// `also 14 mg/dL = 3.5 mmol/L`: a unit of another system, accepted for this fact at the
/// equivalence the guideline itself states (a substance's own conversion).
public struct UnitEquivalence: Equatable, Sendable {
    public var other: QuantityLiteral
    public var declared: QuantityLiteral
    public var span: Span
}

/// `between date_of_birth and date_of_diagnosis`: a duration computed from two recorded dates.
public struct DateSpan: Equatable, Sendable {
    public var from: Name
    public var to: Name
    public var span: Span
}

public struct FactDecl: Equatable, Sendable {
    public var name: Name
    public var type: FactTypeSyntax
    public var equivalence: UnitEquivalence? = nil
    public var range: RangeSyntax?
    public var description: StringLiteral?
    public var derivedBy: Name?
    public var between: DateSpan? = nil
    public var span: Span
}

public struct OutcomeDecl: Equatable, Sendable {
    public var name: Name
    public var label: StringLiteral?
    /// `finding`: an assessment (a response category, eligibility), given without a strength;
    /// every other outcome is advice and takes one.
    public var finding: Span? = nil
    public var span: Span
}

public struct DefineDecl: Equatable, Sendable {
    public var name: Name
    public var expr: Expr
    public var span: Span
}

public struct Assignment: Equatable, Sendable {
    public var fact: Name
    public var value: Value
}

public enum Expectation: Equatable, Sendable {
    /// Decided with exactly these outcomes; a strength, where written, must match, and an
    /// outcome written without one must not be advised against (`not_recommended`).
    case decided([ResultSpec])
    case undetermined(outcomes: [Name]?, needs: [Name]?)
    case notApplicable
    /// The given facts break a constraint (the one named, when there is a name): the case is
    /// refused. The expect's decision name is empty.
    case inconsistent(constraint: Name?)
}

public struct Expect: Equatable, Sendable {
    public var decision: Name
    public var expectation: Expectation
    public var span: Span
}

/// One `irrelevant` clause of a test.
public struct Irrelevant: Equatable, Sendable {
    public var decisions: [Name]
    public var span: Span
}

public struct TestDecl: Equatable, Sendable {
    public var name: StringLiteral
    /// `given "file.json"`: a patient record read from a JSON case file beside the test's file.
    public var record: StringLiteral?
    /// The record's facts, filled in by the loader (not the parser); each carries the span of
    /// `record`, so diagnostics about them point at the test. `given` assignments override them.
    public var recordGiven: [Assignment] = []
    public var given: [Assignment]
    /// The whole `given` clause.
    public var givenSpan: Span
    public var expects: [Expect]
    /// `irrelevant a, b` clauses: decisions that do not concern this patient and may stay
    /// undetermined.
    public var irrelevant: [Irrelevant] = []
    public var span: Span
}

public struct GuidelineDecl: Equatable, Sendable {
    public var name: Name
    public var title: StringLiteral?
    public var version: StringLiteral?
    public var span: Span
}

public enum Item: Equatable, Sendable {
    case guideline(GuidelineDecl)
    case importFile(StringLiteral, Span)
    case fact(FactDecl)
    case outcome(OutcomeDecl)
    case define(DefineDecl)
    case decision(Decision)
    case table(Table)
    case criteria(Criteria)
    case constraint(ConstraintDecl)
    case test(TestDecl)

    public var span: Span {
        switch self {
        case .guideline(let d): d.span
        case .importFile(_, let s): s
        case .fact(let d): d.span
        case .outcome(let d): d.span
        case .define(let d): d.span
        case .decision(let d): d.span
        case .table(let d): d.span
        case .criteria(let d): d.span
        case .constraint(let d): d.span
        case .test(let d): d.span
        }
    }
}

/// One parsed file: its items and its comments (kept for the formatter).
public struct FileAST: Equatable, Sendable {
    public var file: Int
    public var items: [Item]
    public var comments: [Comment]
}

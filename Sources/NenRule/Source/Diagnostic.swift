/// How bad a finding is. Errors make `check` fail; warnings fail only under `--deny-warnings`.
public enum Severity: String, Sendable, Comparable {
    case error, warning, info

    var rank: Int {
        switch self {
        case .error: 2
        case .warning: 1
        case .info: 0
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A finding about rules or input, as a value: the library never prints.
///
/// `code` is stable (tools and tests match on it); `message` is lowercase, without a trailing
/// period, with user text in backticks. `notes` explain, `help` suggests a fix.
public struct Diagnostic: Error, Sendable, Equatable {
    public var severity: Severity
    public var code: String
    public var message: String
    public var span: Span
    public var notes: [String]
    public var help: String?
    /// Where the span is `.none`, what the diagnostic is about instead (a fact, a case, a flag).
    public var subject: String?
    /// Other places that explain this one ("first declared here").
    public var related: [Related] = []
    /// For analysis findings about inputs: a concrete case that shows the problem.
    public var witness: [WitnessValue] = []

    public init(
        _ severity: Severity, _ code: String, _ message: String, at span: Span = .none,
        notes: [String] = [], help: String? = nil, subject: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.span = span
        self.notes = notes
        self.help = help
        self.subject = subject
    }

    public static func error(_ code: String, _ message: String, at span: Span = .none, help: String? = nil) -> Diagnostic {
        Diagnostic(.error, code, message, at: span, help: help)
    }

    public static func warning(_ code: String, _ message: String, at span: Span = .none, help: String? = nil) -> Diagnostic {
        Diagnostic(.warning, code, message, at: span, help: help)
    }
}

/// One fact value of a witness case, as case JSON would give it (`"20 mm"`, `"rectum"`, `true`).
public struct WitnessValue: Equatable, Sendable {
    public var fact: String
    /// The value as case text; booleans are `true`/`false`.
    public var value: String
    public var isBool: Bool

    public init(fact: String, value: String, isBool: Bool) {
        self.fact = fact
        self.value = value
        self.isBool = isBool
    }
}

/// A secondary location of a diagnostic, rendered as a note with its own position.
public struct Related: Equatable, Sendable {
    public var message: String
    public var span: Span

    public init(_ message: String, at span: Span) {
        self.message = message
        self.span = span
    }
}

/// Collects diagnostics in the order they are found.
public struct DiagnosticBag: Sendable {
    public private(set) var items: [Diagnostic] = []

    public init() {}

    public mutating func add(_ diagnostic: Diagnostic) { items.append(diagnostic) }
    public mutating func add(contentsOf other: [Diagnostic]) { items.append(contentsOf: other) }

    public var hasErrors: Bool { items.contains { $0.severity == .error } }
    public var errorCount: Int { items.filter { $0.severity == .error }.count }
}

extension Array where Element == Diagnostic {
    /// Stable order for output: by file, position, then code, so runs are byte-identical.
    public func sortedForOutput() -> [Diagnostic] {
        enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.span.file != y.span.file { return x.span.file < y.span.file }
            if x.span.start != y.span.start { return x.span.start < y.span.start }
            return a.offset < b.offset
        }.map(\.element)
    }
}

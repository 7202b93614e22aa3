/// Runs a rule set's in-language tests against its compiled graph.
public enum TestRunner {
    /// One unmet expectation: expected versus actual, at the line that expected it.
    public struct Failure: Sendable, Equatable {
        public var message: String
        public var span: Span
    }

    public struct Outcome: Sendable {
        public var name: String
        public var span: Span
        public var failures: [Failure]
        /// For a test over a patient record: every decision left undetermined for the patient.
        public var undetermined: [String] = []
        /// The decisions the test marks irrelevant to its patient.
        public var irrelevant: [String] = []
        /// True for a test over a patient record (its `undetermined` is filled in).
        public var isOverRecord = false
        public var passed: Bool { failures.isEmpty }
    }

    public static func run(_ model: CheckedModel, _ graph: DecisionGraph, filter: String? = nil) -> [Outcome] {
        runWithCoverage(model, graph, filter: filter).outcomes
    }

    /// Runs the given tests of the model (an editor runs one file's, or one test).
    public static func run(_ tests: [CheckedTest], _ graph: DecisionGraph) -> [Outcome] {
        var evaluator = Evaluator(graph: graph)
        return tests.map { run($0, &evaluator) }
    }

    /// Runs the tests and records which branches their evaluations were decided by.
    public static func runWithCoverage(_ model: CheckedModel, _ graph: DecisionGraph, filter: String? = nil) -> (outcomes: [Outcome], coverage: Coverage) {
        var evaluator = Evaluator(graph: graph)
        var coverage = Coverage(graph: graph)
        let outcomes = model.tests.filter { filter == nil || $0.name.contains(filter!) }.map { test in
            let outcome = run(test, &evaluator)
            for (decision, result) in evaluator.evaluatedResults() {
                coverage.record(decision, result)
                coverage.recordBoundaries(decision, evaluator.values)
            }
            return outcome
        }
        return (outcomes, coverage)
    }

    static func run(_ test: CheckedTest, _ evaluator: inout Evaluator) -> Outcome {
        evaluator.reset()
        for given in test.given { evaluator.values[given.fact] = given.value }
        let problems = evaluator.validate()
        if let failures = inconsistency(test, problems, evaluator.graph) {
            return Outcome(name: test.name, span: test.span, failures: failures)
        }
        var failures: [Failure] = []
        for expect in test.expects {
            let result = evaluator.decide(expect.decision)
            if let failure = mismatch(expect.expectation, result) {
                failures.append(Failure(message: "`\(result.id)`: expected \(failure), got \(describe(result))", span: expect.span))
            }
        }
        var outcome = Outcome(name: test.name, span: test.span, failures: failures)
        account(test, &evaluator, &outcome)
        return outcome
    }

    /// Marks must be current: a decision marked irrelevant is undetermined for the patient (a
    /// stale mark would hide that it now answers). A test over a patient record accounts for
    /// every undetermined decision: each is expected `undetermined` or marked irrelevant, so the
    /// noise a patient sees is counted, never hidden.
    static func account(_ test: CheckedTest, _ evaluator: inout Evaluator, _ outcome: inout Outcome) {
        let graph = evaluator.graph
        outcome.irrelevant = test.irrelevant.map { graph.decisions[$0.decision].id }
        for mark in test.irrelevant {
            let result = evaluator.decide(mark.decision)
            if result.status != .undetermined {
                outcome.failures.append(Failure(message: "`\(result.id)` is marked irrelevant but is \(describe(result)): remove the mark", span: mark.span))
            }
        }
        guard test.record != nil else { return }
        outcome.isOverRecord = true
        let expected = Set(test.expects.filter { if case .undetermined = $0.expectation { true } else { false } }.map(\.decision))
        // Only the status is wanted here: run, not materialize (no needs, names or trace).
        for decision in graph.decisions.indices {
            evaluator.run(decision)
            guard evaluator.status(of: decision) == .undetermined else { continue }
            outcome.undetermined.append(graph.decisions[decision].id)
            if !expected.contains(decision), !test.irrelevant.contains(where: { $0.decision == decision }) {
                outcome.failures.append(Failure(message: "`\(graph.decisions[decision].id)` is undetermined for this patient: expect it `undetermined`, or mark it `irrelevant`",
                                                span: test.givenSpan))
            }
        }
    }

    /// The failures of a test whose case breaks a constraint, or expects to and does not; nil
    /// when the case is consistent and no expectation says otherwise.
    static func inconsistency(_ test: CheckedTest, _ problems: [Diagnostic], _ graph: DecisionGraph) -> [Failure]? {
        let expected = test.expects.filter { $0.decision < 0 }
        if problems.isEmpty {
            return expected.first.map { [Failure(message: "expected the case to be inconsistent, but it satisfies every constraint", span: $0.span)] }
        }
        let found = problems.map(\.message).joined(separator: "; ")
        guard !expected.isEmpty else { return [Failure(message: "the case is inconsistent: \(found)", span: test.givenSpan)] }
        var failures: [Failure] = []
        for expect in expected {
            guard let constraint = expect.constraint else { continue }
            let id = graph.constraints[constraint].id
            if !problems.contains(where: { $0.subject == "constraint `\(id)`" }) {
                failures.append(Failure(message: "expected the case to break `\(id)`, got: \(found)", span: expect.span))
            }
        }
        return failures
    }

    /// What was expected, in words, when the result does not meet the expectation.
    static func mismatch(_ expectation: Expectation, _ result: DecisionResult) -> String? {
        switch expectation {
        case .decided(let results):
            let expected = "decided " + results.map { ($0.strength.map { $0.text + " " } ?? "") + $0.outcome.text }.joined(separator: ", ")
            guard result.status == .decided, Set(result.outcomes) == Set(results.map(\.outcome.text)) else { return expected }
            for spec in results {
                let given = result.strength(of: spec.outcome.text)
                if let strength = spec.strength, given?.rawValue != strength.text { return expected }
                if spec.strength == nil, given == .notRecommended {
                    return expected + " (the decision advises against `\(spec.outcome.text)`: write `not_recommended \(spec.outcome.text)` to expect that)"
                }
            }
            return nil
        case .notApplicable:
            return result.status == .notApplicable ? nil : "not_applicable"
        case .inconsistent:
            return nil
        case .undetermined(let outcomes, let needs):
            let outcomesMatch = outcomes.map { Set($0.map(\.text)) == Set(result.outcomes) } ?? true
            let needsMatch = needs.map { Set($0.map(\.text)).isSubset(of: Set(result.needs)) } ?? true
            if result.status == .undetermined, outcomesMatch, needsMatch { return nil }
            var text = "undetermined"
            if let outcomes { text += " => \(outcomes.map(\.text).joined(separator: ", "))" }
            if let needs { text += " needs \(needs.map(\.text).joined(separator: ", "))" }
            return text
        }
    }

    static func describe(_ result: DecisionResult) -> String {
        switch result.status {
        case .notApplicable: "not_applicable"
        case .decided: "decided \(result.outcomesWithStrengths.joined(separator: ", "))"
        case .undetermined:
            "undetermined => \(result.outcomes.joined(separator: ", "))" + (result.needs.isEmpty ? "" : " needs \(result.needs.joined(separator: ", "))")
        }
    }
}

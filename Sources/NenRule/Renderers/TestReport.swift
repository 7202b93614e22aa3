/// Test results as JUnit XML, the report CI systems (GitLab, Jenkins, GitHub actions) read.
public enum TestReport {
    /// One `<testsuite>` per rule set; a failing test's `<failure>` lists every unmet
    /// expectation with its `file:line:col`.
    public static func junit(_ suites: [(name: String, outcomes: [TestRunner.Outcome], sources: SourceSet)]) -> String {
        let total = suites.reduce(0) { $0 + $1.outcomes.count }
        let failed = suites.reduce(0) { $0 + $1.outcomes.filter { !$0.passed }.count }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"nenrule\" tests=\"\(total)\" failures=\"\(failed)\">\n"
        for suite in suites {
            let suiteFailures = suite.outcomes.filter { !$0.passed }.count
            out += "  <testsuite name=\"\(escape(suite.name))\" tests=\"\(suite.outcomes.count)\" failures=\"\(suiteFailures)\">\n"
            for outcome in suite.outcomes { out += testcase(outcome, suite.sources) }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    static func testcase(_ outcome: TestRunner.Outcome, _ sources: SourceSet) -> String {
        let place = DiagnosticRenderer.location(outcome.span, in: sources)
        let attributes = "name=\"\(escape(outcome.name))\" classname=\"\(escape(place?.file ?? "nenrule"))\""
            + (place.map { " file=\"\(escape($0.file))\" line=\"\($0.line)\"" } ?? "")
        guard let first = outcome.failures.first else { return "    <testcase \(attributes)/>\n" }
        let body = outcome.failures.map { failure in
            let at = DiagnosticRenderer.location(failure.span, in: sources).map { "\($0.file):\($0.line):\($0.column): " } ?? ""
            return escape(at + failure.message)
        }.joined(separator: "\n")
        return "    <testcase \(attributes)>\n      <failure message=\"\(escape(first.message))\">\(body)</failure>\n    </testcase>\n"
    }

    /// Text as XML character data or an attribute value.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "&#10;"
            default:
                // XML 1.0 has no place for other control characters.
                if scalar.value < 0x20, scalar != "\t" { out += "?" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}

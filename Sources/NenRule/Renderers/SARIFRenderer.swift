/// Renders findings as SARIF 2.1.0, the format GitHub code scanning reads: one run, the tool's
/// rules, and one result per finding with a physical location; witnesses go in `properties`.
public enum SARIFRenderer {
    public static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    /// `base` is stripped from file paths so locations are relative to the repository.
    public static func render(_ findings: [Diagnostic], sources: SourceSet, base: String = "") -> JSONNode {
        let codes = Array(Set(findings.map(\.code))).sorted()
        let rules: [JSONNode] = codes.map { code in
            .object([("id", .string(code)), ("shortDescription", .object([("text", .string(ruleDescriptions[code] ?? code))]))])
        }
        let results = findings.map { result($0, sources: sources, base: base, ruleIndex: codes.firstIndex(of: $0.code) ?? 0) }
        let driver: JSONNode = .object([
            ("name", .string("nenrule")), ("informationUri", .string("https://example.invalid/nenrule")),
            ("version", .string(Version.toolchain)), ("rules", .array(rules)),
        ])
        return .object([
            ("$schema", .string(schema)), ("version", .string("2.1.0")),
            ("runs", .array([.object([("tool", .object([("driver", driver)])), ("results", .array(results))])])),
        ])
    }

    static func result(_ finding: Diagnostic, sources: SourceSet, base: String, ruleIndex: Int) -> JSONNode {
        var members: [(String, JSONNode)] = [
            ("ruleId", .string(finding.code)), ("ruleIndex", .number(String(ruleIndex))),
            ("level", .string(level(finding.severity))),
            ("message", .object([("text", .string(finding.message + (finding.help.map { " (\($0))" } ?? "")))])),
        ]
        if let file = sources[finding.span.file] {
            let start = file.location(of: finding.span.start), end = file.location(of: max(finding.span.start, finding.span.end))
            let uri = base.isEmpty || !file.path.hasPrefix(base) ? file.path : String(file.path.dropFirst(base.count)).trimmingPrefix("/")
            let region: JSONNode = .object([
                ("startLine", .number(String(start.line))), ("startColumn", .number(String(start.column))),
                ("endLine", .number(String(end.line))), ("endColumn", .number(String(max(end.column, start.column + (end.line == start.line ? 1 : 0))))),
            ])
            members.append(("locations", .array([.object([("physicalLocation", .object([
                ("artifactLocation", .object([("uri", .string(uri))])), ("region", region),
            ]))])])))
        }
        if !finding.witness.isEmpty {
            members.append(("properties", .object([("witness", DiagnosticRenderer.witnessJSON(finding.witness))])))
        }
        return .object(members)
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    static let ruleDescriptions: [String: String] = [
        "gap": "an applicable decision reaches no branch for some inputs",
        "overlap": "two branches hold at once with different outcomes",
        "unreachable": "a branch can never be taken",
        "open-boundary": "a threshold value is uncovered or covered twice",
        "unit": "a quantity compared with a bare number",
        "dimension": "a comparison across dimensions",
        "range": "a literal outside the fact's declared range",
        "unused-fact": "a fact no decision reads",
        "unused-outcome": "an outcome no branch recommends",
        "unused-define": "a named condition never used",
        "missing-citation": "a recommendation without a citation",
        "undocumented-resolution": "a branch departs from its decision's sections without a note",
        "unknown-sensitivity": "facts a decision can never do without",
        "resolution": "an editorial resolution recorded in a note",
        "analysis-incomplete": "the analysis hit its work bound",
    ]
}

extension String {
    func trimmingPrefix(_ prefix: Character) -> String {
        var text = Substring(self)
        while text.first == prefix { text = text.dropFirst() }
        return String(text)
    }
}

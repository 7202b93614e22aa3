import Foundation
import Testing
@testable import NenRule

/// SARIF 2.1.0 output, checked against what GitHub code scanning requires of an upload:
/// `version`, `runs[].tool.driver.name`, and per result a `message.text`, a `ruleId` that the
/// driver's rules define, a valid `level`, and a physical location with a relative URI and a
/// 1-based `region.startLine`.
@Suite("lint output formats")
struct SARIFTests {
    static let fixture = LintTests.directory.appendingPathComponent("open_boundary_rectal.nenrule").path

    static func findingsAndSources() -> ([Diagnostic], SourceSet) {
        let compilation = Frontend.load(path: fixture)
        return (Linter.lint(compilation), compilation.sources)
    }

    static func member(_ node: JSONValue?, _ key: String) -> JSONValue? {
        guard case .object(let members)? = node else { return nil }
        return members.first { $0.key == key }?.value
    }

    static func string(_ node: JSONValue?) -> String? {
        if case .string(let text)? = node { return text }
        return nil
    }

    static func array(_ node: JSONValue?) -> [JSONValue] {
        if case .array(let items)? = node { return items }
        return []
    }

    @Test func sarifHasTheFieldsCodeScanningRequires() throws {
        let (findings, sources) = Self.findingsAndSources()
        let base = LintTests.directory.path
        let text = SARIFRenderer.render(findings, sources: sources, base: base).render(pretty: true)
        let root = try JSONReader.parse(text).get()
        #expect(Self.string(Self.member(root, "version")) == "2.1.0")
        #expect(Self.string(Self.member(root, "$schema"))?.contains("sarif-2.1.0") == true)
        let runs = Self.array(Self.member(root, "runs"))
        #expect(runs.count == 1)
        let driver = Self.member(Self.member(runs.first, "tool"), "driver")
        #expect(Self.string(Self.member(driver, "name")) == "nenrule")
        let ruleIDs = Self.array(Self.member(driver, "rules")).compactMap { Self.string(Self.member($0, "id")) }
        let results = Self.array(Self.member(runs.first, "results"))
        #expect(results.count == findings.count && !results.isEmpty)
        for result in results {
            let ruleID = try #require(Self.string(Self.member(result, "ruleId")))
            #expect(ruleIDs.contains(ruleID))
            #expect(["error", "warning", "note", "none"].contains(Self.string(Self.member(result, "level")) ?? ""))
            #expect(!(Self.string(Self.member(Self.member(result, "message"), "text")) ?? "").isEmpty)
            let location = Self.member(Self.array(Self.member(result, "locations")).first, "physicalLocation")
            let uri = try #require(Self.string(Self.member(Self.member(location, "artifactLocation"), "uri")))
            #expect(uri == "open_boundary_rectal.nenrule")
            guard case .number(let line)? = Self.member(Self.member(location, "region"), "startLine") else {
                Issue.record("no startLine")
                continue
            }
            #expect((Int(line) ?? 0) >= 1)
        }
    }

    @Test func jsonFindingsCarryTheContractFields() throws {
        let (findings, sources) = Self.findingsAndSources()
        let boundary = try #require(findings.first { $0.code == "open-boundary" })
        let object = DiagnosticRenderer.json(boundary, sources: sources).render(pretty: false)
        let parsed = try JSONReader.parse(object).get()
        for key in ["file", "line", "column", "severity", "code", "message", "witness"] {
            #expect(Self.member(parsed, key) != nil, "missing \(key)")
        }
        #expect(Self.string(Self.member(Self.member(parsed, "witness"), "tumor_size")) == "20 mm")
    }
}

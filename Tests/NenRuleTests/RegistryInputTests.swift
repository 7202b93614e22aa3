import Foundation
import Testing
@testable import NenRule

/// Registry exports as they come: booleans in every spelling, missing-value markers, members in
/// another case, columns that are not facts — read alike by `eval`, batch JSON Lines and CSV.
@Suite("registry input")
struct RegistryInputTests {
    static let rules = """
        guideline r "registry"
        fact nodes: bool
        fact grade: { G1, G2, G3 }
        fact size: length in mm range > 0 mm
        outcome a "A"
        decision d "d" cite "§1" {
          when nodes => must a
          otherwise => may a
        }
        """

    static func load(_ json: String, passThrough: Set<String> = [], ignoreUnknown: Bool = false) -> (values: [String: Int64], diagnostics: [Diagnostic]) {
        let graph = Fixtures.graph(rules)
        var evaluator = Evaluator(graph: graph)
        let diagnostics = CaseReader.load(try! JSONReader.parse(json).get(), into: &evaluator, passThrough: passThrough, ignoreUnknown: ignoreUnknown)
        var values: [String: Int64] = [:]
        for (slot, fact) in graph.facts.enumerated() where evaluator.values[slot] != Evaluator.unknown { values[fact.name] = evaluator.values[slot] }
        return (values, diagnostics)
    }

    @Test(arguments: ["true", "TRUE", "True", "yes", "Y", "y", "1"])
    func trueSpellings(_ spelling: String) {
        #expect(Self.load(#"{"nodes":"\#(spelling)"}"#).values["nodes"] == 1)
    }

    @Test(arguments: ["false", "FALSE", "No", "n", "0"])
    func falseSpellings(_ spelling: String) {
        #expect(Self.load(#"{"nodes":"\#(spelling)"}"#).values["nodes"] == 0)
    }

    @Test func numbersOneAndZeroAreBooleans() {
        #expect(Self.load(#"{"nodes":1}"#).values["nodes"] == 1 && Self.load(#"{"nodes":0}"#).values["nodes"] == 0)
        #expect(Self.load(#"{"nodes":2}"#).diagnostics.map(\.code) == ["type-mismatch"])
    }

    @Test(arguments: ["", "NA", "na", "N/A", "NULL", "null", ".", "  NA "])
    func missingMarkers(_ marker: String) {
        let loaded = Self.load(#"{"nodes":"\#(marker)","grade":"\#(marker)","size":"\#(marker)"}"#)
        #expect(loaded.values.isEmpty && loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
    }

    @Test func membersInAnotherCaseAreReadWithAWarning() {
        let loaded = Self.load(#"{"grade":"g2"}"#)
        #expect(loaded.values["grade"] == 1)
        #expect(loaded.diagnostics.map { "\($0.severity) \($0.code) \($0.message)" } == ["warning member-case `g2` read as member `G2` of `grade`"])
        #expect(Self.load(#"{"grade":"G4"}"#).diagnostics.map(\.code) == ["unknown-member"])
    }

    @Test func columnsThatAreNotFacts() {
        let row = #"{"mrn":"A-1","date_of_birth":"1960-02-03","grade":"G1"}"#
        #expect(Self.load(row).diagnostics.map(\.code) == ["unknown-fact", "unknown-fact"])
        #expect(Self.load(row, passThrough: ["mrn", "date_of_birth"]).diagnostics.isEmpty)
        #expect(Self.load(row, passThrough: ["mrn"]).diagnostics.map(\.code) == ["unknown-fact"])
        #expect(Self.load(row, ignoreUnknown: true).diagnostics.isEmpty)
        #expect(Self.load(#"{"grade":"G1","nodez":true}"#, ignoreUnknown: true).values == ["grade": 0])
    }

    /// The batch decoder (fast path and full reader) and the CSV reader agree with `eval`'s reader.
    @Test func batchReadersAgree() {
        let graph = Fixtures.graph(Self.rules)
        var decoder = CaseDecoder(graph: graph)
        decoder.passThrough = ["mrn"]
        var evaluator = Evaluator(graph: graph)
        guard case .loaded = decoder.decode(Array(#"{"mrn":"A-1","nodes":"Yes","grade":"NA","size":"12 mm"}"#.utf8)[...], into: &evaluator) else {
            Issue.record("the decoder refused the row")
            return
        }
        #expect(evaluator.values[0] == 1 && evaluator.values[1] == Evaluator.unknown && evaluator.values[2] == 12 * Exact.scale)
        let table = SlotTable(graph: graph)
        guard case .success(let header) = CSVHeader.parse(Array("mrn,nodes,grade,size".utf8)[...], table: table, passThrough: ["mrn"], ignoreUnknown: false) else {
            Issue.record("the header was refused")
            return
        }
        let (_, problem) = CSVRows.load(Array("A-1,TRUE,g3,.".utf8)[...], header, table, &evaluator)
        #expect(problem == nil)
        #expect(evaluator.values[0] == 1 && evaluator.values[1] == 2 && evaluator.values[2] == Evaluator.unknown)
    }

    /// Batch says a member matched by case once, in its summary, with a count.
    @Test func batchCountsMembersReadByCase() throws {
        let graph = Fixtures.graph(Self.rules)
        var runner = BatchRunner(graph: graph, options: BatchRunner.Options())
        let (result, _) = runner.run(input: Array("{\"grade\":\"g1\"}\n{\"grade\":\"G2\"}\n{\"grade\":\"g3\"}\n".utf8))
        let summary = try result.get()
        #expect(summary.warnings == 2 && summary.firstWarning == "`g1` read as member `G1` of `grade`")
        var options = BatchRunner.Options()
        options.format = .csv
        var csv = BatchRunner(graph: graph, options: options)
        #expect(try csv.run(input: Array("grade\ng2\n".utf8)).result.get().warnings == 1)
    }
}

import Foundation
import Testing
@testable import NenRule

/// A registry export as an analyst has it — identifier, date and free-text columns, booleans
/// spelt five ways, `NA` and `.` cells, members in another case, dates of birth and diagnosis —
/// gives exactly the answers of the same patients written as clean JSON cases (ages by hand).
@Suite("registry export")
struct RegistryExportTests {
    static let directory = Fixtures.repositoryRoot.appendingPathComponent("Tests/NenRuleTests/Fixtures/registry")

    static func run(_ file: String, _ options: BatchRunner.Options) throws -> (lines: [String], summary: BatchSummary) {
        let graph = try #require(Frontend.load(path: Fixtures.guidelines).graph)
        var runner = BatchRunner(graph: graph, options: options)
        let input = try [UInt8](Data(contentsOf: directory.appendingPathComponent(file)))
        let (result, output) = runner.run(input: input)
        let summary = try result.get()
        return (String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init), summary)
    }

    /// A result line without what identifies its input line (line number, kept columns).
    static func answers(_ line: String) -> String {
        guard case .success(.object(let members)) = JSONReader.parse(line) else { return line }
        return JSONNode.object(members.filter { !["line", "kept"].contains($0.key) }.map { ($0.key, $0.value.node) }).render(pretty: false)
    }

    @Test func theExportAnswersLikeTheCleanCases() throws {
        var options = BatchRunner.Options()
        options.format = .csv
        options.passThrough = ["mrn", "clinician_note"]
        options.ignoreUnknown = false
        let export = try Self.run("export.csv", options)
        #expect(export.summary.errors == 0, "\(export.lines.filter { $0.contains("\"error\"") })")
        #expect(export.summary.passedThrough == ["mrn", "clinician_note"])
        let clean = try Self.run("clean.jsonl", BatchRunner.Options())
        #expect(export.lines.count == 4 && clean.lines.count == 4)
        for (fromExport, fromClean) in zip(export.lines, clean.lines) {
            #expect(Self.answers(fromExport) == Self.answers(fromClean))
        }
        #expect(export.lines[0].contains(#""kept":{"mrn":"A-0001","clinician_note":"referred after screening colonoscopy, \"small\" polyp"}"#))
    }

    /// Without `--keep`, the free-text column is refused with a did-you-mean-free message naming
    /// the column; the CSV layouts carry the same answers.
    @Test func unknownColumnsAndCSVResults() throws {
        var options = BatchRunner.Options()
        options.format = .csv
        let refused = Result { try Self.run("export.csv", options) }
        #expect((try? refused.get()) == nil)
        options.ignoreUnknown = true
        options.output = .csvWide
        options.selection = try #require(Frontend.load(path: Fixtures.guidelines).graph).decisionIndex("rectal_net.management").map { [$0] }
        let wide = try Self.run("export.csv", options)
        #expect(wide.lines[0] == "line,case_id,rectal_net.management,error")
        #expect(wide.lines[1].hasPrefix("2,rectal-8mm-g1,") && wide.summary.ignored == ["mrn", "clinician_note"])
        options.output = .csvLong
        let long = try Self.run("export.csv", options)
        #expect(long.lines[0] == "line,case_id,decision,status,outcome,strength,sections,needs,error")
        #expect(long.lines.dropFirst().allSatisfy { $0.split(separator: ",").count >= 3 })
    }

    /// A clean CSV row (read on the fast path) is held to the constraints and gets its
    /// durations, like a JSON line.
    @Test func cleanCSVRowsAreCheckedAndCompleted() throws {
        let graph = try #require(Frontend.load(path: Fixtures.guidelines).graph)
        var options = BatchRunner.Options()
        options.format = .csv
        options.selection = graph.decisionIndex("surveillance.carrier").map { [$0] }
        var runner = BatchRunner(graph: graph, options: options)
        let input = "case_id,refractory_carcinoid_syndrome,functional\nbroken,true,false\n"
        let (result, output) = runner.run(input: Array(input.utf8))
        #expect(try result.get().errorsByCode == ["inconsistent-case": 1], "\(String(decoding: output, as: UTF8.self))")
        var dated = BatchRunner(graph: graph, options: BatchRunner.Options())
        let line = #"{"case_id":"carrier","neoplasm_class":"no_tumor","hereditary_syndrome":"MEN1","date_of_birth":"2012-01-15","date_of_diagnosis":"2024-09-30","primary_hyperparathyroidism":false,"mtc_or_men2_features":false,"first_degree_relative_untested":false}"#
        let csv = "case_id,neoplasm_class,hereditary_syndrome,date_of_birth,date_of_diagnosis,primary_hyperparathyroidism,mtc_or_men2_features,first_degree_relative_untested\ncarrier,no_tumor,MEN1,2012-01-15,2024-09-30,false,false,false\n"
        let fromJSON = String(decoding: dated.run(input: Array(line.utf8)).output, as: UTF8.self)
        var csvOptions = BatchRunner.Options()
        csvOptions.format = .csv
        var fromCSVRunner = BatchRunner(graph: graph, options: csvOptions)
        let fromCSV = String(decoding: fromCSVRunner.run(input: Array(csv.utf8)).output, as: UTF8.self)
        #expect(fromJSON.contains("men1_carrier_surveillance") && fromJSON == fromCSV, "\(fromJSON)\n\(fromCSV)")
    }

    @Test func agesAreCompletedYears() {
        #expect(CalendarDate.days("1970-01-01") == 0 && CalendarDate.days("2000-02-29") == 11_016 && CalendarDate.days("2001-02-29") == nil)
        #expect(CalendarDate.iso(11_016) == "2000-02-29" && CalendarDate.iso(-1) == "1969-12-31")
        let birth = CalendarDate.days("1958-11-30")!, diagnosis = CalendarDate.days("2023-11-29")!
        #expect(CalendarDate.completedMonths(from: birth, to: diagnosis) == 779)
        let graph = Fixtures.graph("""
            fact born: date
            fact seen: date
            fact age: duration in years range >= 0 years between born and seen
            fact gap: duration in days between born and seen
            outcome a "A"
            decision d "d" cite "§1" { when age >= 65 years => may a  otherwise => may a }
            """)
        var evaluator = Evaluator(graph: graph)
        #expect(CaseReader.load(try! JSONReader.parse(#"{"born":"1958-11-30","seen":"2023-11-29"}"#).get(), into: &evaluator).isEmpty)
        #expect(graph.facts[2].display(evaluator.values[2]) == "64 years" && evaluator.values[3] == (diagnosis - birth) * Exact.scale)
        let backwards = CaseReader.load(try! JSONReader.parse(#"{"born":"2023-11-29","seen":"1958-11-30"}"#).get(), into: &evaluator)
        #expect(backwards.map(\.code) == ["between-range"])
        #expect(CaseReader.load(try! JSONReader.parse(#"{"born":"1958-13-01"}"#).get(), into: &evaluator).map(\.code) == ["date"])
    }
}

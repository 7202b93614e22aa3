import Foundation
import Testing
@testable import NenRule

/// `nenrule schema`: the case schema's structure, and its patterns and bounds judged against the
/// case reader itself on many spellings of many values (Tests/Schema runs a real validator over
/// the bundled guideline's schema and `eval`).
struct SchemaTests {
    static let rules = """
        guideline demo "Demo rules" version "1.0"
        fact smoker: bool "current smoker"
        fact grade: ordered { G1, G2, G3 } "tumour grade"
        fact code: { ab, AB, NA, K666E, other }
        fact score: number range 0 ... 10
        fact size: length in cm range > 0 cm "greatest diameter"
        fact margin: length in mm range < 5 cm
        fact nodes: count range >= 2
        fact rate: mitotic_rate
        fact calcium: molar_concentration in mmol/L also 14 mg/dL = 3.5 mmol/L range >= 0 mmol/L
        fact ki67: percent range 0 % ... 100 %
        fact change: percent
        fact interval: duration in weeks range >= 1 days
        fact age: duration in years range >= 18 months
        fact dose: absorbed_dose range <= 60 Gy
        outcome watch "Watch"
        decision care "Care" cite "§1" {
          when smoker => may watch
        }
        """

    static func schema(_ text: String) -> (CheckedModel, JSONValue) {
        let compilation = Fixtures.compile(text)
        precondition(!compilation.hasErrors, Fixtures.rendered(compilation))
        let model = compilation.model!
        return (model, try! JSONReader.parse(CaseSchemaRenderer(model: model).schema().render(pretty: true)).get())
    }

    @Test func theSchemaDescribesEveryFactInDeclarationOrder() throws {
        let (model, schema) = SchemaTests.schema(SchemaTests.rules)
        #expect(schema["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
        #expect(schema["type"] == .string("object") && schema["additionalProperties"] == .bool(false))
        #expect(schema["x-nenrule-rule-set"] == .string("demo") && schema["x-nenrule-version"] == .string("1.0"))
        let description = try #require(schema["description"]?.string)
        #expect(description.contains("constraints") && description.contains("exponent") && description.contains("given twice"))
        let properties = try #require(schema["properties"]?.members)
        #expect(properties.map(\.key) == ["case_id"] + model.facts.map(\.name))
        #expect(properties[0].value["anyOf"] == nil, "case_id takes any value, as eval skips it")

        let smoker = try #require(schema["properties"]?["smoker"])
        #expect(smoker["x-nenrule-type"] == .string("bool"))
        #expect(smoker["description"]?.string?.hasPrefix("current smoker — boolean") == true)
        #expect(smoker.alternatives.contains { $0["type"] == .string("boolean") })
        #expect(smoker.alternatives.contains { $0["enum"] == .array([.number("0"), .number("1")]) })
        #expect(smoker.alternatives.first?["$ref"] == .string("#/$defs/unknown"))

        let grade = try #require(schema["properties"]?["grade"])
        #expect(grade["x-nenrule-type"] == .string("ordered"))
        #expect(grade["x-nenrule-members"] == .array(["G1", "G2", "G3"].map { .string($0) }))
        #expect(grade.alternatives.last?["pattern"]?.string?.contains("[gG]1") == true)
        let code = try #require(schema["properties"]?["code"]?.alternatives.last?["pattern"]?.string)
        #expect(code.contains("(?:ab|AB|") && code.contains(#"[kK\u212a]666[eE]"#), "members differing only in case are matched exactly: \(code)")

        let size = try #require(schema["properties"]?["size"])
        #expect(size["x-nenrule-type"] == .string("length") && size["x-nenrule-unit"] == .string("cm"))
        #expect(size["x-nenrule-units"] == .array([.string("mm"), .string("cm")]))
        #expect(size["description"]?.string == "greatest diameter — length in cm (also mm), range > 0 cm")
        let sizeNumber = try #require(size.alternatives.first { $0["type"] == .string("number") })
        #expect(sizeNumber["exclusiveMinimum"] == .number("0") && sizeNumber["multipleOf"] == .number("0.000001"))
        #expect(sizeNumber["maximum"] == .number(Exact(micros: Int64.max / 10).description), "the exact limit, in cm")

        let margin = try #require(schema["properties"]?["margin"]?.alternatives.first { $0["type"] == .string("number") })
        #expect(margin["exclusiveMaximum"] == .number("50") && margin["minimum"] == .number("-9223372036854.775807"))
        let nodes = try #require(schema["properties"]?["nodes"]?.alternatives.first { $0["type"] == .string("number") })
        #expect(nodes["minimum"] == .number("2") && nodes["multipleOf"] == .number("1"))
        let age = try #require(schema["properties"]?["age"]?.alternatives.first { $0["type"] == .string("number") })
        #expect(age["minimum"] == .number("1.5"), "18 months in years")

        let calcium = try #require(schema["properties"]?["calcium"])
        #expect(calcium["x-nenrule-units"] == .array(["umol/L", "mmol/L", "mg/dL"].map { .string($0) }))
        #expect(!calcium.alternatives.contains { $0["type"] == .string("number") }, "a bare number is refused")
        #expect(calcium["description"]?.string?.contains("a bare number is refused") == true)
        #expect(schema["properties"]?["rate"]?["x-nenrule-unit"] == nil)
        #expect(schema["$defs"]?["unknown"]?.alternatives.count == 2)
    }

    /// Every string pattern and number bound, against `CaseReader` on the same value: many
    /// spellings of values around each bound in every unit, words, markers and junk, for a rule
    /// set with every kind of fact and for random ones.
    @Test(arguments: [nil, 3, 11, 19, 27, 40] as [UInt64?])
    func theSchemaJudgesValuesAsTheCaseReaderDoes(seed: UInt64?) throws {
        let text = seed.map { RandomRuleSet(seed: $0).text } ?? SchemaTests.rules
        let compilation = Fixtures.compile(text)
        try #require(!compilation.hasErrors, "\(Fixtures.rendered(compilation))")
        let graph = try #require(compilation.graph)
        let schema = try JSONReader.parse(CaseSchemaRenderer(model: compilation.model!).schema().render(pretty: false)).get()
        let unknown = try Self.regex(schema["$defs"]?["unknown"]?.alternatives.last?["pattern"]?.string)
        var compared = 0, exponents = 0, read = 0, numbers = 0
        for fact in graph.facts {
            let property = try #require(schema["properties"]?[fact.name])
            let pattern = try property.alternatives.last { $0["type"] == .string("string") }.map { try Self.regex($0["pattern"]?.string) }
            let number = property.alternatives.first { $0["type"] == .string("number") }
            for probe in Self.probes(fact) {
                let reader = CaseReader.slotValue(fact.name, .string(probe), graph)
                let accepted = Self.matches(unknown, probe) || pattern.map { Self.matches($0, probe) } == true
                if Self.hasExponent(probe) {
                    // Documented: the notation is accepted, its value not checked.
                    if case .success = reader { #expect(accepted, "\(fact.name): \"\(probe)\" is read by eval") }
                    exponents += 1
                    continue
                }
                if case .success = reader {
                    read += 1
                    #expect(accepted, "\(fact.name) \(fact.type.description): \"\(probe)\" is read by eval, refused by the schema")
                } else {
                    #expect(!accepted, "\(fact.name) \(fact.type.description): \"\(probe)\" is refused by eval, accepted by the schema")
                }
                compared += 1
                // The same text as a JSON number, where it is one.
                guard JSONReader.parse(probe).map({ if case .number = $0 { true } else { false } }) == .success(true),
                      case .success(let value) = Exact.parse(probe) else { continue }
                let numberReader = CaseReader.slotValue(fact.name, .number(probe), graph)
                numbers += 1
                let numberAccepted = Self.accepts(number, value) || (fact.type == .bool && (value.micros == 0 || value.micros == Exact.scale))
                if case .success = numberReader {
                    #expect(numberAccepted, "\(fact.name) \(fact.type.description): \(probe) is read by eval, refused by the schema")
                } else {
                    #expect(!numberAccepted, "\(fact.name) \(fact.type.description): \(probe) is refused by eval, accepted by the schema")
                }
            }
        }
        #expect(read > 50 && compared - read > 50 && numbers > 50 && exponents > 0, "\(read) of \(compared) read, \(numbers) numbers")
    }

    /// The white-space class is what `Character.isWhitespace` holds, and the Kelvin sign is the
    /// only character besides ASCII ones that lowercases to an ASCII letter, or equals an ASCII
    /// identifier character (Swift compares strings by canonical equivalence).
    @Test func whiteSpaceAndCaseFoldingAreSwifts() throws {
        let space = try Self.regex("^" + CasePattern.space + "$")
        let identifier = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_".map(String.init))
        var folding: [UInt32] = [], equal: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(Character(scalar))
            #expect(Character(scalar).isWhitespace == Self.matches(space, text), "U+\(String(value, radix: 16))")
            guard value >= 0x80 else { continue }
            let lower = text.lowercased().unicodeScalars
            if lower.count == 1, let first = lower.first, first.isASCII, first.properties.isAlphabetic { folding.append(value) }
            if identifier.contains(text) { equal.append(value) }
        }
        #expect(folding == [0x212A] && equal == [0x212A])
    }

    /// A fact whose name has a `K` is found by eval under the Kelvin sign too.
    @Test func aNameWithAKIsAlsoMatchedUnderTheKelvinSign() throws {
        let (_, schema) = SchemaTests.schema("guideline k\nfact Ki67: percent\nfact size: length\n")
        let patterns = try #require(schema["patternProperties"]?.members)
        #expect(patterns.count == 1 && patterns[0].value["$ref"] == .string("#/properties/Ki67"))
        let regex = try Self.regex(patterns[0].key)
        #expect(Self.matches(regex, "Ki67") && Self.matches(regex, "\u{212A}i67") && !Self.matches(regex, "ki67") && !Self.matches(regex, "Ki67\n"))
        let graph = Fixtures.graph("guideline k\nfact Ki67: percent\n")
        #expect((try? CaseReader.slotValue("\u{212A}i67", .number("5"), graph).get()) != nil)
    }

    @Test func theBundledGuidelinesSchemaListsEveryFact() throws {
        let compilation = Frontend.load(paths: [Fixtures.guidelines])
        let model = try #require(compilation.model)
        let rendered = CaseSchemaRenderer(model: model).schema().render(pretty: true)
        #expect(rendered == CaseSchemaRenderer(model: model).schema().render(pretty: true), "deterministic")
        let schema = try JSONReader.parse(rendered).get()
        let properties = try #require(schema["properties"]?.members)
        #expect(properties.map(\.key) == ["case_id"] + model.facts.map(\.name))
        #expect(model.facts.count > 250)
        for (name, property) in properties.dropFirst() {
            #expect(property["description"]?.string?.isEmpty == false && property["x-nenrule-type"] != nil, "\(name)")
            #expect(property.alternatives.count >= 2, "\(name)")
        }
    }

    @Test func theCommandWritesTheSchemaOrAFile() throws {
        let printed = try CLIProcess.run(["schema", Fixtures.guidelines])
        #expect(printed.status == 0 && printed.stdoutText.hasPrefix("{\n  \"$schema\""))
        let directory = try Scratch.directory("schema")
        let out = directory.appendingPathComponent("case.schema.json")
        let written = try CLIProcess.run(["schema", Fixtures.guidelines, "--out", out.path])
        #expect(written.status == 0 && written.stdout.isEmpty)
        #expect(try Data(contentsOf: out) == Data(printed.stdout))
        let unwritable = try CLIProcess.run(["schema", Fixtures.guidelines, "--out", directory.appendingPathComponent("no/such/dir.json").path])
        #expect(unwritable.status == 2 && unwritable.stderrText.contains("error[io]: cannot write"))
    }

    // MARK: - probes

    /// Text values for a fact: numbers around every bound in every unit, spelled many ways,
    /// with and without units; words, members in other cases, markers, junk.
    static func probes(_ fact: CheckedFact) -> [String] {
        var values: Set<Int64> = [0, 1, -1, Exact.scale, -Exact.scale, 500_000, 12_345_678, 100_000_000, Int64.max, -Int64.max]
        var units: [(name: String, factor: Int64)] = [("", 1)]
        if case .quantity(let dimension, let declared) = fact.type {
            units = [("", declared?.factor ?? 1)] + (Unit.units(of: dimension) + fact.equivalentUnits).map { ($0.name, $0.factor) }
        }
        for (_, factor) in units {
            for bound in [fact.low?.value, fact.high?.value].compactMap({ $0 }) {
                for near in [bound / factor - 1, bound / factor, bound / factor + 1, bound / factor + Exact.scale, bound / factor - Exact.scale] {
                    values.insert(near)
                }
            }
        }
        // And values of every magnitude, whole and not, from a generator seeded by the fact.
        var random = SplitMix64(seed: fact.name)
        for _ in 0..<40 {
            let digits = Int64(random.index(below: 19)), whole = random.index(below: 3) == 0
            var value = Int64(bitPattern: random.next() >> 1) % max(1, DecimalPattern.power(Int(digits)))
            if whole { value -= value % Exact.scale }
            values.insert(random.index(below: 3) == 0 ? -value : value)
        }
        var numbers: [String] = []
        for value in values.sorted() {
            let text = Exact(micros: value).description
            numbers.append(text)
            let digits = text.filter(\.isNumber).count
            if value >= 0 { numbers.append("+" + text) }
            if digits < 17 { numbers.append(text.contains(".") ? text + "00" : text + ".0") }
            numbers.append(text.replacingOccurrences(of: "-", with: "-00").hasPrefix("-") ? text.replacingOccurrences(of: "-", with: "-00") : "00" + text)
            if text.hasPrefix("0.") { numbers.append(String(text.dropFirst())) }
            if !text.contains(".") { numbers.append(text + ".") }
        }
        numbers += ["-0", "+0", "0.0000001", "1.0000001", "0.1234567", "0.100000", "1e2", "1.5E-1", ".5e1", "0e99"]
        var probes: [String] = []
        let spellings = ["", "mm", "cm", "%", "percent", "days", "day", "weeks", "months", "month", "years", "year",
                         "mmHg", "umol/L", "mmol/L", "mg/dL", "g/L", "cGy", "Gy", "parsecs", "CM", "e"]
        for (index, number) in numbers.enumerated() {
            probes.append(number)
            let unit = spellings[index % spellings.count], other = spellings[(index * 7 + 3) % spellings.count]
            probes.append(number + unit)
            probes.append(number + " " + other)
            probes.append(" \t" + number + "\u{00A0}" + unit + "\n")
        }
        let words = ["true", "FALSE", "Yes", "no", "y", "N", "maybe", "t", "1", "0", "1.0", "-0", "2", "ab", "AB", "Ab", "aB",
                     "G1", "g1", "NA", "na", "n/a", "N/A", "NULL", "null", "", " ", ".", " NA ", "-", "+", "1.2.3", "1e", "e5",
                     "5 e", "--5", "5-", "5 - 3", "K666E", "k666e", "\u{212A}666E", "other", "OTHER", "\u{00A0}G2\u{3000}", "G 1"]
        probes += words
        if let members = fact.members { probes += members.flatMap { [$0, $0.lowercased(), $0.uppercased(), " \($0) "] } }
        return probes
    }

    static func hasExponent(_ text: String) -> Bool {
        text.range(of: #"[0-9.][eE][+-]?[0-9]"#, options: .regularExpression) != nil
    }

    /// What the schema's number alternative says of a JSON number of this value.
    static func accepts(_ number: JSONValue?, _ value: Exact) -> Bool {
        guard let number else { return false }
        func bound(_ key: String) -> Exact? { number[key].flatMap { if case .number(let text) = $0 { try? Exact.parse(text).get() } else { nil } } }
        if let minimum = bound("minimum"), value < minimum { return false }
        if let minimum = bound("exclusiveMinimum"), value <= minimum { return false }
        if let maximum = bound("maximum"), value > maximum { return false }
        if let maximum = bound("exclusiveMaximum"), value >= maximum { return false }
        guard let step = bound("multipleOf") else { return true }
        return value.micros % step.micros == 0
    }

    static func regex(_ pattern: String?) throws -> NSRegularExpression {
        try NSRegularExpression(pattern: try #require(pattern))
    }

    static func matches(_ regex: NSRegularExpression, _ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

/// `subscript(key:)` and `string` come from the library's JSONAccess.
extension JSONValue {
    var members: [(key: String, value: JSONValue)]? {
        if case .object(let members) = self { members } else { nil }
    }

    /// A property's `anyOf`.
    var alternatives: [JSONValue] { self["anyOf"]?.array ?? [] }
}

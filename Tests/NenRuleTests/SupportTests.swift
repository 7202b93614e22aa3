import Testing
@testable import NenRule

@Suite("exact decimals")
struct ExactTests {
    @Test func parsesWithoutBinaryRounding() throws {
        #expect(try Exact.parse("1.2").get().micros == 1_200_000)
        #expect(try Exact.parse("0.05").get().micros == 50_000)
        #expect(try Exact.parse("-50").get().micros == -50_000_000)
        #expect(try Exact.parse("1.2e1").get() == Exact(12))
        #expect(try Exact.parse("120e-1").get() == Exact(12))
        #expect(try Exact.parse("20.000").get() == Exact(20))
    }

    @Test func rejectsWhatItCannotHoldExactly() {
        #expect(Exact.parse("1e400") == .failure(.outOfRange))
        #expect(Exact.parse(String(repeating: "9", count: 400)) == .failure(.tooManyDigits))
        #expect(Exact.parse("0.0000001") == .failure(.tooPrecise))
        #expect(Exact.parse("NaN") == .failure(.malformed))
        #expect(Exact.parse("1.2.3") == .failure(.malformed))
    }

    @Test func printsShortestForm() throws {
        #expect(Exact(micros: 12_000_000).description == "12")
        #expect(Exact(micros: 1_500_000).description == "1.5")
        #expect(Exact(micros: -50_000).description == "-0.05")
    }

    @Test func unitConversionIsExactAtBoundaries() throws {
        let fact = CheckedFact(name: "tumor_size", type: .quantity(.length, unit: Unit.named("mm")), span: .none)
        #expect(try fact.slotValue(of: .number(Exact.parse("1.2").get(), unit: "cm")).get() == Exact(12).micros)
        #expect(try fact.slotValue(of: .number(Exact(2), unit: "cm")).get() == Exact(20).micros)
        #expect(try fact.slotValue(of: .number(Exact(20), unit: nil)).get() == Exact(20).micros)
        let months = CheckedFact(name: "d", type: .quantity(.duration, unit: Unit.named("months")), span: .none)
        #expect(try months.slotValue(of: .number(Exact.parse("0.5").get(), unit: "years")).get() == Exact(6).micros)
        if case .failure(let problem) = months.slotValue(of: .number(Exact(180), unit: "days")) {
            #expect(problem.code == "unit")
        } else {
            Issue.record("days must not convert silently to months")
        }
    }

    @Test func caseTextWithUnits() throws {
        #expect(try RawValue.parseText("1.5 cm").get() == .number(Exact.parse("1.5").get(), unit: "cm"))
        #expect(try RawValue.parseText("55%").get() == .number(Exact(55), unit: "%"))
        #expect(try RawValue.parseText(" 6 months ").get() == .number(Exact(6), unit: "months"))
        #expect(try RawValue.parseText("G2").get() == .word("G2"))
        #expect(try RawValue.parseText("-30 %").get() == .number(Exact(-30), unit: "%"))
    }
}

@Suite("SHA-256")
struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func nistVectors(input: String, expected: String) {
        #expect(SHA256.hex(input) == expected)
    }

    @Test func oneMillionA() {
        #expect(SHA256.hex(String(repeating: "a", count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

@Suite("JSON reader")
struct JSONReaderTests {
    @Test func readsObjectsInOrderAndKeepsNumberText() throws {
        let value = try JSONReader.parse(#"{"b": 1.20, "a": [true, null, "x\u00e9"]}"#).get()
        #expect(value == .object([("b", .number("1.20")), ("a", .array([.bool(true), .null, .string("xé")]))]))
    }

    @Test(arguments: ["", "{", "{\"a\":}", "[1,]", "01", "\"\\q\"", "{\"a\":1} x", "nul"])
    func rejectsMalformed(text: String) {
        if case .success = JSONReader.parse(text) { Issue.record("accepted \(text)") }
    }

    @Test func limitsNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        guard case .failure(let failure) = JSONReader.parse(deep) else { Issue.record("accepted"); return }
        #expect(failure.message.contains("nested deeper"))
    }
}

/// Decodes one case — a JSON object on one line — straight into an evaluator's slots. The fast
/// path covers what cases are made of (flat members, plain strings, numbers, booleans, null);
/// anything else, and every error, goes through the full `JSONReader` + `CaseReader` so the
/// diagnostic is the same as `eval` would give.
public struct CaseDecoder {
    public let table: SlotTable
    /// Per slot: the case in which it was last set, to catch duplicate members cheaply.
    var seen: [UInt32]
    var stamp: UInt32 = 0
    /// The slot of the k-th member of the last line: files list their facts in one order, so
    /// checking that guess first skips hashing the name.
    var slotAtPosition: [Int32]
    /// Members that are not facts: kept for the output (an export's identifiers, dates, free
    /// text), or all skipped with `ignoreUnknown`; any other is an error.
    public var passThrough: Set<String> = []
    public var ignoreUnknown = false
    /// Warnings of the last line (a member matched only by case), from the full reader.
    public private(set) var lastWarnings: [Diagnostic] = []

    public init(graph: DecisionGraph) {
        table = SlotTable(graph: graph)
        seen = Array(repeating: 0, count: graph.facts.count)
        slotAtPosition = Array(repeating: -1, count: graph.facts.count)
    }

    /// The slot named `key`, the `position`-th fact member of its line.
    mutating func slot(named key: Bytes, at position: Int) -> Int? {
        guard position < slotAtPosition.count else { return table.slot(named: key) }
        let guess = Int(slotAtPosition[position])
        if guess >= 0, table.text(table.names[guess], equals: key) { return guess }
        guard let slot = table.slot(named: key) else { return nil }
        slotAtPosition[position] = Int32(slot)
        return slot
    }

    /// Where a case's `case_id` is: its raw JSON bytes in the line (fast path), or JSON text.
    public enum CaseID {
        case bytes(Range<Int>)
        case text(String)
    }

    public enum Outcome {
        case loaded(caseID: CaseID?)
        case failed(Diagnostic, caseID: CaseID?)
    }

    /// Loads `line` into `evaluator` (which it resets).
    public mutating func decode(_ line: ArraySlice<UInt8>, into evaluator: inout Evaluator) -> Outcome {
        evaluator.reset()
        if !lastWarnings.isEmpty { lastWarnings = [] }
        stamp &+= 1
        // The fast path reads the line through a pointer: slice indexing checks bounds per byte.
        let fast = line.withUnsafeBufferPointer { buffer in fastPath(buffer[...], &evaluator) }
        if let caseID = fast {
            return .loaded(caseID: caseID.map { .bytes(line.startIndex + $0.lowerBound..<line.startIndex + $0.upperBound) })
        }
        return slowPath(line, &evaluator)
    }

    /// The bytes of a line as the fast path reads them.
    typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

    /// Nil when the line needs the full reader (an error or an unusual construct).
    mutating func fastPath(_ line: Bytes, _ evaluator: inout Evaluator) -> Range<Int>?? {
        var i = line.startIndex
        func skipSpace() { while i < line.endIndex, line[i] == 0x20 || line[i] == 0x09 || line[i] == 0x0D { i += 1 } }
        skipSpace()
        guard i < line.endIndex, line[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        skipSpace()
        var caseID: Range<Int>?, position = 0
        if i < line.endIndex, line[i] == UInt8(ascii: "}") { i += 1 } else {
            while true {
                guard let key = plainString(line, &i) else { return nil }
                skipSpace()
                guard i < line.endIndex, line[i] == UInt8(ascii: ":") else { return nil }
                i += 1
                skipSpace()
                let valueStart = i
                if CaseDecoder.bytes(key, equal: "case_id") {
                    guard skipScalar(line, &i) else { return nil }
                    if caseID == nil { caseID = valueStart..<i }   // the first one, as the full reader does
                } else if !passThrough.isEmpty || ignoreUnknown, table.slot(named: key) == nil {
                    // Not a fact, and allowed: its value is skipped here (the encoder copies kept ones).
                    guard ignoreUnknown || passThrough.contains(String(decoding: key, as: UTF8.self)), skipScalar(line, &i) else { return nil }
                } else {
                    guard let slot = slot(named: key, at: position), seen[slot] != stamp else { return nil }
                    position += 1
                    seen[slot] = stamp
                    guard loadValue(line, &i, slot, &evaluator) else { return nil }
                }
                skipSpace()
                guard i < line.endIndex else { return nil }
                if line[i] == UInt8(ascii: ",") { i += 1; skipSpace(); continue }
                guard line[i] == UInt8(ascii: "}") else { return nil }
                i += 1
                break
            }
        }
        skipSpace()
        return i == line.endIndex ? .some(caseID) : nil
    }

    /// A JSON string without escapes; the position moves past its closing quote.
    func plainString(_ line: Bytes, _ i: inout Int) -> Bytes? {
        guard i < line.endIndex, line[i] == UInt8(ascii: "\"") else { return nil }
        let start = i + 1
        var end = start
        while end < line.endIndex {
            let byte = line[end]
            if byte == UInt8(ascii: "\"") {
                i = end + 1
                return line[start..<end]
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            end += 1
        }
        return nil
    }

    /// Whether `bytes` is exactly the ASCII `literal`.
    @inline(__always)
    static func bytes<B: Collection<UInt8>>(_ bytes: B, equal literal: StaticString) -> Bool {
        bytes.count == literal.utf8CodeUnitCount && Self.bytes(bytes, startWith: literal)
    }

    /// Whether `bytes` begins with the ASCII `literal`.
    @inline(__always)
    static func bytes<B: Collection<UInt8>>(_ bytes: B, startWith literal: StaticString) -> Bool {
        guard bytes.count >= literal.utf8CodeUnitCount else { return false }
        var k = 0, i = bytes.startIndex
        while k < literal.utf8CodeUnitCount {
            if bytes[i] != literal.utf8Start[k] { return false }
            k += 1
            bytes.formIndex(after: &i)
        }
        return true
    }

    func numberEnd(_ line: Bytes, _ start: Int) -> Int {
        var end = start
        while end < line.endIndex, SlotTable.isNumberByte(line[end]) || line[end] == UInt8(ascii: "e") || line[end] == UInt8(ascii: "E") { end += 1 }
        return end
    }

    /// Skips a string or number (the forms a case id takes). The id is copied into the output
    /// verbatim, so it must be valid JSON: UTF-8 text or a number in JSON's grammar.
    func skipScalar(_ line: Bytes, _ i: inout Int) -> Bool {
        if let text = plainString(line, &i) { return String(validating: text, as: UTF8.self) != nil }
        let end = numberEnd(line, i)
        guard end > i, CaseDecoder.isJSONNumber(line[i..<end]) else { return false }
        i = end
        return true
    }

    /// Whether `bytes` is a number as JSON writes it (no `+`, no leading zero, digits on both
    /// sides of `.`), so the fast path rejects what the full reader rejects. Long ones are left
    /// to the full reader, which has its own length limit.
    static func isJSONNumber<B: RandomAccessCollection<UInt8>>(_ bytes: B) -> Bool where B.Index == Int {
        guard bytes.count <= 40 else { return false }
        var i = bytes.startIndex
        func digits() -> Int {
            let start = i
            while i < bytes.endIndex, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
            return i - start
        }
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: "-") { i += 1 }
        let integerStart = i
        let integerDigits = digits()
        guard integerDigits == 1 || (integerDigits > 1 && bytes[integerStart] != 48) else { return false }
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { return false }
        }
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.endIndex, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == bytes.endIndex
    }

    mutating func loadValue(_ line: Bytes, _ i: inout Int, _ slot: Int, _ evaluator: inout Evaluator) -> Bool {
        guard i < line.endIndex else { return false }
        switch line[i] {
        case UInt8(ascii: "\""):
            guard let text = plainString(line, &i), let value = table.value(text: text, slot: slot) else { return false }
            evaluator.values[slot] = value
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            let isTrue = line[i] == UInt8(ascii: "t")
            let word: StaticString = isTrue ? "true" : "false"
            guard CaseDecoder.bytes(line[i...], startWith: word), table.isBool(slot) else { return false }
            i += word.utf8CodeUnitCount
            evaluator.values[slot] = isTrue ? 1 : 0
        case UInt8(ascii: "n"):
            guard CaseDecoder.bytes(line[i...], startWith: "null") else { return false }
            i += 4
        default:
            let end = numberEnd(line, i)
            guard end > i, CaseDecoder.isJSONNumber(line[i..<end]), case .success(let exact) = Exact.parse(line[i..<end]),
                  let value = table.number(exact, unit: [], slot) else { return false }
            evaluator.values[slot] = value
            i = end
        }
        return true
    }

    /// The full reader: exact diagnostics, escapes, anything unusual.
    mutating func slowPath(_ line: ArraySlice<UInt8>, _ evaluator: inout Evaluator) -> Outcome {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
            return .failed(Diagnostic(.error, "case-json", "empty line: expected a case object"), caseID: nil)
        }
        switch JSONReader.parse(Array(line)) {
        case .failure(let failure):
            return .failed(Diagnostic(.error, "case-json", "\(failure.message) at byte \(failure.offset + 1)"), caseID: nil)
        case .success(let json):
            let caseID = CaseDecoder.caseID(of: json).map { CaseID.text($0) }
            let diagnostics = CaseReader.load(json, into: &evaluator, passThrough: passThrough, ignoreUnknown: ignoreUnknown)
            if let first = diagnostics.first(where: { $0.severity == .error }) { return .failed(first, caseID: caseID) }
            lastWarnings = diagnostics.filter { $0.severity == .warning }
            return .loaded(caseID: caseID)
        }
    }

    /// The `case_id` member as JSON text, if present.
    static func caseID(of json: JSONValue) -> String? {
        guard case .object(let members) = json, let id = members.first(where: { $0.key == "case_id" })?.value else { return nil }
        switch id {
        case .string(let text): return JSONWriter.quote(text)
        case .number(let text): return text
        default: return nil
        }
    }
}

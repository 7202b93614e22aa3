import Foundation

/// Reads the patient records that tests name (`given "file.json"`): JSON case files, as `eval`
/// reads them, beside the test's file and inside the rule-set root. Their facts become the test's
/// `recordGiven` assignments, each spanning the file name in the test, so that every problem
/// points at the test that read the record.
enum PatientRecords {
    /// Fills `recordGiven` of every test in `ast` that names a record. `root` is nil for
    /// in-memory sources, which have no directory to read from.
    static func resolve(_ ast: inout FileAST, path: String, root: String?, _ diagnostics: inout [Diagnostic]) {
        for index in ast.items.indices {
            guard case .test(var test) = ast.items[index], let record = test.record else { continue }
            guard let root else {
                diagnostics.append(Diagnostic(.error, "record-unavailable", "patient record `\(record.value)` can be read only from a rule set loaded from disk",
                                              at: record.span))
                continue
            }
            guard let bytes = read(record, beside: path, root: root, &diagnostics) else { continue }
            test.recordGiven = assignments(bytes, record, &diagnostics)
            ast.items[index] = .test(test)
        }
    }

    /// The record's bytes, or nil after a diagnostic when it leaves the root or cannot be read.
    static func read(_ record: StringLiteral, beside path: String, root: String, _ diagnostics: inout [Diagnostic]) -> [UInt8]? {
        let resolved = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(record.value)
        let standardized = URL(fileURLWithPath: resolved).standardizedFileURL.resolvingSymlinksInPath().path
        let loader = Loader(root: root)
        guard !record.value.hasPrefix("/"), loader.root(holding: standardized) != nil else {
            diagnostics.append(Diagnostic(.error, "record-outside-root", "patient record `\(record.value)` is outside the rule-set root",
                                          at: record.span, help: "records resolve only inside `\(root)`, relative to the test's file"))
            return nil
        }
        return loader.read(resolved, record.span, &diagnostics)
    }

    /// The record's members as assignments; `case_id` names the case and is skipped, `null` is
    /// an unknown fact and is left out.
    static func assignments(_ bytes: [UInt8], _ record: StringLiteral, _ diagnostics: inout [Diagnostic]) -> [Assignment] {
        let members: [(key: String, value: JSONValue)]
        switch JSONReader.parse(bytes) {
        case .failure(let failure):
            diagnostics.append(Diagnostic(.error, "record-json", "patient record `\(record.value)` is not valid JSON: \(failure.message) at byte \(failure.offset)",
                                          at: record.span))
            return []
        case .success(.object(let object)): members = object
        case .success(let other):
            diagnostics.append(Diagnostic(.error, "record-shape", "patient record `\(record.value)` must be a JSON object of facts, not \(other.kindName)",
                                          at: record.span))
            return []
        }
        var result: [Assignment] = []
        for (key, json) in members where !CaseReader.reservedKeys.contains(key) {
            switch value(json, record.span) {
            case .success(let value?): result.append(Assignment(fact: Name(text: key, span: record.span), value: value))
            case .success(nil): continue
            case .failure(let problem):
                diagnostics.append(Diagnostic(.error, problem.code, "\(problem.message) (fact `\(key)` of record `\(record.value)`)",
                                              at: record.span, help: problem.help))
            }
        }
        return result
    }

    /// A JSON member as a literal of the rule language; nil for `null`.
    static func value(_ json: JSONValue, _ span: Span) -> Result<Value?, ValueProblem> {
        let raw: RawValue
        switch json {
        case .null: return .success(nil)
        case .bool(let flag): raw = .bool(flag)
        case .number(let text): return RawValue.parseText(text).map { Optional(literal($0, span)) }
        case .string(let text):
            switch RawValue.parseText(text) {
            case .success(let parsed): raw = parsed
            case .failure(let problem): return .failure(problem)
            }
        case .array, .object:
            return .failure(ValueProblem(code: "type-mismatch", message: "a fact takes a single value, not \(json.kindName)"))
        }
        return .success(literal(raw, span))
    }

    static func literal(_ raw: RawValue, _ span: Span) -> Value {
        switch raw {
        case .bool(let flag): .boolean(flag, span)
        case .number(let exact, let unit): .quantity(QuantityLiteral(value: exact, unit: unit, text: exact.description, span: span))
        case .word("true"): .boolean(true, span)
        case .word("false"): .boolean(false, span)
        case .word(let word): .name(Name(text: word, span: span))
        }
    }
}

/// Reading LSP messages: members by key and values by kind, each nil when absent or of
/// another kind, so a malformed request is a missing parameter, not a crash.
extension JSONValue {
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var int: Int? {
        if case .number(let text) = self { return Int(text) ?? Double(text).flatMap { $0.magnitude < 1e15 ? Int($0) : nil } }
        return nil
    }

    var bool: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    var array: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// The value as output, for echoing a request's id back.
    var node: JSONNode {
        switch self {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .number(let text): .number(text)
        case .string(let text): .string(text)
        case .array(let items): .array(items.map(\.node))
        case .object(let members): .object(members.map { ($0.key, $0.value.node) })
        }
    }
}

/// Completion in place: what the grammar allows at the cursor, read from the tokens before it —
/// a fact's members after `fact ==` or inside `fact in {`, outcomes after a strength,
/// strengths after `=>`, units of the fact's dimension after a number, decision ids after
/// `expect`, facts in conditions and `given`, keywords at the start of an item or a branch.
extension LanguageServer {
    /// LSP CompletionItemKind numbers.
    enum ItemKind: Int {
        case function = 3, variable = 6, unit = 11, keyword = 14, enumMember = 20, constant = 21
    }

    struct Candidate {
        var label: String
        var kind: ItemKind
        var detail: String?
    }

    static let itemKeywords = ["fact", "outcome", "define", "decision", "table", "criteria", "constraint", "test", "import", "guideline"]
    static let bodyKeywords = ["when", "otherwise", "applies", "policy", "cite", "note", "given", "expect", "irrelevant", "require", "relative", "inputs"]
    static let conditionWords = ["known", "not", "true", "false"]

    func completion(_ params: JSONValue?) throws(ResponseError) -> JSONNode {
        guard let target = workspace.target(params) else {
            throw ResponseError(code: .invalidParams, message: "no rule file of the workspace at `textDocument.uri`")
        }
        let bytes = target.source.bytes
        var wordStart = min(target.offset, bytes.count)
        while wordStart > 0, Self.isWordByte(bytes[wordStart - 1]) { wordStart -= 1 }
        let prefix = String(decoding: bytes[wordStart..<min(target.offset, bytes.count)], as: UTF8.self)
        let tokens = Lexer.tokenize(SourceFile(path: target.source.path, bytes: Array(bytes[..<wordStart])), file: target.file).tokens
            .filter { $0.kind != .endOfFile }
        let items = candidates(after: tokens).filter { prefix.isEmpty || $0.label.lowercased().hasPrefix(prefix.lowercased()) }
        var seen: Set<String> = []
        return .object([("isIncomplete", .bool(false)), ("items", .array(items.filter { seen.insert($0.label).inserted }.map { item in
            var members: [(String, JSONNode)] = [("label", .string(item.label)), ("kind", .int(item.kind.rawValue))]
            if let detail = item.detail { members.append(("detail", .string(detail))) }
            return .object(members)
        }))])
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x2E || byte == 0x2F
    }

    /// The candidates the last tokens allow.
    func candidates(after tokens: [Token]) -> [Candidate] {
        guard let last = tokens.last else { return keywords(Self.itemKeywords) }
        let previous = tokens.count > 1 ? tokens[tokens.count - 2] : nil
        switch last.kind {
        case .arrow: return strengths() + findings()
        case .equal, .notEqual:
            return previous.map { members(of: $0.text) } ?? []
        case .assign:
            // `given fact = value`.
            return previous.map { members(of: $0.text) } ?? []
        case .leftBrace, .comma:
            if let fact = setFact(tokens) { return members(of: fact) }
            if last.kind == .comma, inResults(tokens) { return strengths() + outcomes(in: tokens) }
            if last.kind == .comma, let listed = listKeyword(tokens) { return listed == "expect" || listed == "irrelevant" ? decisions() : facts() }
            return last.kind == .leftBrace ? keywords(Self.bodyKeywords) + conditionNames() : facts()
        case .number:
            return units(after: tokens)
        case .leftParen:
            return conditionNames()
        case .identifier:
            return afterWord(last, previous, tokens)
        default:
            return keywords(Self.bodyKeywords)
        }
    }

    private func afterWord(_ last: Token, _ previous: Token?, _ tokens: [Token]) -> [Candidate] {
        if strengthWords.contains(last.text), previous?.kind == .arrow || previous?.kind == .comma { return outcomes(in: tokens) }
        switch last.text {
        case "when", "and", "or", "not", "implies", "iff", "require", "relative": return conditionNames()
        case "expect", "irrelevant", "by": return decisions()
        case "given", "needs", "inputs": return facts()
        case "policy": return Policy.allCases.map { Candidate(label: $0.rawValue, kind: .keyword) }
        case "applies": return keywords(["when"])
        case "in": return []
        default:
            // After a whole item or branch: what may start the next one.
            return keywords(Self.itemKeywords + Self.bodyKeywords)
        }
    }

    private func keywords(_ words: [String]) -> [Candidate] { words.map { Candidate(label: $0, kind: .keyword) } }

    private func strengths() -> [Candidate] { strengthWords.map { Candidate(label: $0, kind: .keyword, detail: "strength") } }

    private func facts() -> [Candidate] {
        (workspace.compilation.model?.facts ?? []).map { Candidate(label: $0.name, kind: .variable, detail: $0.type.description) }
    }

    private func conditionNames() -> [Candidate] {
        facts() + workspace.index.defines.sorted().map { Candidate(label: $0, kind: .variable, detail: "define") } + keywords(Self.conditionWords)
    }

    private func decisions() -> [Candidate] {
        (workspace.compilation.model?.decisions ?? []).map { Candidate(label: $0.id, kind: .function, detail: $0.title) }
    }

    private func findings() -> [Candidate] {
        (workspace.compilation.model?.outcomes ?? []).filter(\.finding).map { Candidate(label: $0.name, kind: .constant, detail: $0.label) }
    }

    /// Outcomes, or the members of the fact the enclosing decision derives.
    private func outcomes(in tokens: [Token]) -> [Candidate] {
        if let decision = enclosingDecision(tokens), let fact = workspace.index.derives[decision] { return members(of: fact) }
        return (workspace.compilation.model?.outcomes ?? []).map { Candidate(label: $0.name, kind: .constant, detail: $0.label) }
    }

    private func members(of factName: String) -> [Candidate] {
        guard let fact = workspace.compilation.model?.facts.first(where: { $0.name == factName }) else { return [] }
        switch fact.type {
        case .enumeration(let names, _): return names.map { Candidate(label: $0, kind: .enumMember, detail: "member of \(factName)") }
        case .bool: return ["true", "false"].map { Candidate(label: $0, kind: .keyword) }
        default: return []
        }
    }

    /// Units of the dimension of the fact a number is compared with (`tumor_size < 2|`).
    private func units(after tokens: [Token]) -> [Candidate] {
        let names = tokens.suffix(6).filter { $0.kind == .identifier }.map(\.text)
        guard let fact = workspace.compilation.model?.facts.last(where: { names.contains($0.name) }),
              case .quantity(let dimension, let unit) = fact.type else { return [] }
        let accepted = Unit.units(of: dimension) + fact.equivalentUnits
        return accepted.map { Candidate(label: $0.name, kind: .unit, detail: $0 == unit ? "\(fact.name)'s unit" : dimension.noun) }
    }

    /// The fact of an open `fact in {` set the cursor is inside.
    private func setFact(_ tokens: [Token]) -> String? {
        var index = tokens.count - 1
        while index >= 0 {
            switch tokens[index].kind {
            case .rightBrace, .arrow, .rightParen: return nil
            case .leftBrace:
                guard index >= 2, tokens[index - 1].isWord("in") else { return nil }
                let factIndex = tokens[index - 2].isWord("not") ? index - 3 : index - 2
                return factIndex >= 0 && tokens[factIndex].kind == .identifier ? tokens[factIndex].text : nil
            default: index -= 1
            }
        }
        return nil
    }

    /// Whether the cursor follows `=> result,` in the same branch.
    private func inResults(_ tokens: [Token]) -> Bool {
        for token in tokens.reversed() {
            if token.kind == .arrow { return true }
            if token.kind == .leftBrace || token.kind == .rightBrace || token.isWord("when") || token.isWord("given") || token.isWord("expect") || token.startsLine && token.kind != .identifier { return false }
            if token.startsLine, !strengthWords.contains(token.text) { return false }
        }
        return false
    }

    /// The keyword that opened the comma-separated list the cursor is in, if any.
    private func listKeyword(_ tokens: [Token]) -> String? {
        for token in tokens.reversed() {
            if ["given", "needs", "expect", "irrelevant", "inputs"].contains(token.text), token.kind == .identifier { return token.text }
            if token.kind == .leftBrace || token.kind == .rightBrace || token.kind == .arrow { return nil }
        }
        return nil
    }

    /// The id after the nearest `decision`/`table`/`criteria` keyword, or the decision of an
    /// `expect`.
    private func enclosingDecision(_ tokens: [Token]) -> String? {
        for (index, token) in tokens.enumerated().reversed() where index + 1 < tokens.count {
            if ["decision", "table", "criteria", "expect"].contains(token.text), token.kind == .identifier { return Self.qualifiedName(tokens, from: index + 1) }
        }
        return nil
    }

    /// The dotted id whose first part is `tokens[start]`.
    static func qualifiedName(_ tokens: [Token], from start: Int) -> String {
        var name = tokens[start].text, index = start + 1
        while index + 1 < tokens.count, tokens[index].kind == .dot, tokens[index + 1].kind == .identifier {
            name += "." + tokens[index + 1].text
            index += 2
        }
        return name
    }
}

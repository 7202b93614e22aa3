/// Header clauses and annotations as the author wrote them: in their order, and `cite "a", "b"`
/// apart from `cite "a" cite "b"`. Neither carries meaning, but keeping both keeps every comment
/// next to the word it was written beside.
enum Clause {
    case applies(Expr)
    case policy(Name)
    /// One `cite` and the citations listed after it.
    case cite([StringLiteral])
    case note(StringLiteral)

    /// The clauses of a header (or, without `applies` and `policy`, of a branch) in source order.
    static func inOrder(_ annotations: Annotations, applies: Expr? = nil, policy: Name? = nil,
                        tokens: SourceTokens) -> [Clause] {
        var single: [(start: Int, clause: Clause)] = []
        if let applies { single.append((applies.span.start, .applies(applies))) }
        if let policy { single.append((policy.span.start, .policy(policy))) }
        single += annotations.cites.map { ($0.span.start, .cite([$0])) }
        single += annotations.notes.map { ($0.span.start, .note($0)) }
        var clauses: [Clause] = []
        for (_, clause) in single.sorted(by: { $0.start < $1.start }) {
            if case .cite(let more) = clause, case .cite(let strings)? = clauses.last,
               tokens.text(tokens.before(more[0].span.start)) == "," {
                clauses[clauses.count - 1] = .cite(strings + more)
            } else {
                clauses.append(clause)
            }
        }
        return clauses
    }
}

extension LineBuilder {
    mutating func clause(_ clause: Clause, _ join: Join) {
        switch clause {
        case .applies(let condition):
            let when = tokens.before(condition.span.start)
            add("applies", tokens.before(when.lowerBound), join)
            add("when", when)
            self.condition(condition, .space)
        case .policy(let name):
            add("policy", tokens.before(name.span.start), join)
            add(name.text, name.span)
        case .cite(let strings):
            add("cite", tokens.before(strings[0].span.start), join)
            list(strings, level: 1) { $0.add(quoted($1.value), $1.span, $2) }
        case .note(let note):
            add("note", tokens.before(note.span.start), join)
            add(quoted(note.value), note.span)
        }
    }

    /// `should a, may b`, wrapping after the commas.
    mutating func results(_ results: [ResultSpec]) {
        list(results, level: 1) { line, result, join in
            if let strength = result.strength {
                line.add(strength.text, strength.span, join)
                line.add(result.outcome.text, result.outcome.span)
            } else {
                line.add(result.outcome.text, result.outcome.span, join)
            }
        }
    }
}

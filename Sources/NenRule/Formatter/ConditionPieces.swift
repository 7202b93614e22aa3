/// Conditions and values as pieces. A condition wraps before `and` / `or`, outer operators
/// first; continuation lines line up under the first term of their chain (inside a parenthesis,
/// just after it). Sets wrap after their commas only when a single term cannot fit.
extension LineBuilder {
    /// Break level of a condition's outermost operators; nested ones break at higher levels.
    static let operatorLevel = 1
    /// Break level of the commas inside a set: weaker than any operator.
    static let setLevel = 1000

    /// Adds a condition whose outermost operators break at `level`.
    mutating func condition(_ expr: Expr, _ join: Join, level: Int = operatorLevel) {
        switch expr {
        case .boolean(let value, let span): add(value ? "true" : "false", span, join)
        case .name(let name): add(name.text, name.span, join)
        case .known(let name, let span):
            keyword("known", after: span.start, join)
            add("(", tokens.before(name.span.start), .glued)
            add(name.text, name.span, .glued)
            add(")", tokens.before(span.end), .glued)
        case .compare(let fact, let op, let value, _):
            add(fact.text, fact.span, join)
            keyword(op.rawValue, after: fact.span.end)
            self.value(value)
        case .inSet(let fact, let values, let negated, let span):
            add(fact.text, fact.span, join)
            var next = fact.span.end
            if negated { next = keywordEnd("not", after: next) }
            set(values, after: keywordEnd("in", after: next), closingBefore: span.end)
        case .inRange(let fact, let low, let high, _):
            add(fact.text, fact.span, join)
            keyword("in", after: fact.span.end)
            value(low)
            keyword("...", after: low.span.end)
            value(high)
        case .not(let operand, let span):
            keyword("not", after: span.start, join)
            condition(operand, .space, level: level)
        case .and(let terms, _): chain("and", terms, join, level: level)
        case .or(let terms, _): chain("or", terms, join, level: level)
        case .implies(let left, let right, _): chain("implies", [left, right], join, level: level)
        case .iff(let left, let right, _): chain("iff", [left, right], join, level: level)
        case .parenthesized(let inner, let span):
            keyword("(", after: span.start, join)
            condition(inner, .glued, level: level + 1)
            add(")", tokens.before(span.end), .glued)
        case .error(let span): add("", span, join)
        }
    }

    /// `a and b and c`: breaks before each operator, aligned under the first term.
    private mutating func chain(_ op: String, _ terms: [Expr], _ join: Join, level: Int) {
        let first = pieces.count
        let outer = continuation
        // A comment can break a line anywhere in the chain; the next line still starts under its first term.
        continuation = .alignedWith(first)
        defer { continuation = outer }
        condition(terms[0], join, level: level + 1)
        for (previous, term) in zip(terms, terms.dropFirst()) {
            add(op, tokens.after(previous.span.end), .soft(level: level))
            condition(term, .space, level: level + 1)
        }
    }

    /// `{ a, b }`, the braces found around the values.
    mutating func set(_ values: [Value], after offset: Int, closingBefore end: Int) {
        keyword("{", after: offset)
        list(values, level: Self.setLevel) { $0.value($1, $2) }
        add("}", tokens.before(end))
    }

    mutating func value(_ value: Value, _ join: Join = .space) {
        switch value {
        case .quantity(let quantity): self.quantity(quantity, join)
        case .name(let name): add(name.text, name.span, join)
        case .boolean(let flag, let span): add(flag ? "true" : "false", span, join)
        }
    }

    /// The number exactly as written, then its unit after one space: `20 mm`, `-50 %`. Sign,
    /// number and unit are pieces of their own, so a comment between two of them stays there.
    mutating func quantity(_ quantity: QuantityLiteral, _ join: Join = .space) {
        var number = Substring(quantity.text), numberJoin = join, next = quantity.span.start
        if number.hasPrefix("-") {
            next = keywordEnd("-", after: next, join)
            number = number.dropFirst()
            numberJoin = .glued
        }
        let numberIndex = add(String(number), tokens.after(next), numberJoin)
        if let unit = quantity.unit { add(unit, tokens.after(sourceEnd(of: numberIndex))) }
    }
}

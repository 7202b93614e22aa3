/// Parsing of conditions and values.
extension Parser {
    // expr = orExpr , [ ( "implies" | "iff" ) , orExpr ] ;
    mutating func parseExpr() throws -> Expr {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxDepth {
            diagnostics.append(.error("too-deep", "expression nested deeper than \(Parser.maxDepth) levels", at: current.span))
            throw Bail()
        }
        let left = try parseOr()
        let implies = checkWord("implies")
        guard implies || checkWord("iff") else { return left }
        advance()
        let right = try parseOr()
        if checkWord("implies") || checkWord("iff") {
            // `a implies b implies c` reads two ways; the reader should not have to guess which.
            throw error("`\(current.text)` cannot follow `\(implies ? "implies" : "iff")` directly",
                        help: "add parentheses to say which comes first")
        }
        let span = left.span.merged(with: right.span)
        return implies ? .implies(left, right, span) : .iff(left, right, span)
    }

    // orExpr = andExpr , { "or" , andExpr } ;
    mutating func parseOr() throws -> Expr {
        let first = try parseAnd()
        guard checkWord("or") else { return first }
        var terms = [first]
        while matchWord("or") { terms.append(try parseAnd()) }
        return .or(terms, first.span.merged(with: terms.last!.span))
    }

    // andExpr = notExpr , { "and" , notExpr } ;
    mutating func parseAnd() throws -> Expr {
        let first = try parseNot()
        guard checkWord("and") else { return first }
        var terms = [first]
        while matchWord("and") { terms.append(try parseNot()) }
        return .and(terms, first.span.merged(with: terms.last!.span))
    }

    // notExpr = "not" , notExpr | comparison ;
    mutating func parseNot() throws -> Expr {
        let start = current.span
        if matchWord("not") {
            depth += 1
            defer { depth -= 1 }
            if depth > Parser.maxDepth {
                diagnostics.append(.error("too-deep", "expression nested deeper than \(Parser.maxDepth) levels", at: current.span))
                throw Bail()
            }
            let operand = try parseNot()
            return .not(operand, start.merged(with: operand.span))
        }
        return try parseComparison()
    }

    // comparison = primary , [ relop , value | "in" , ( set | value , "..." , value ) | "not" , "in" , set ] ;
    mutating func parseComparison() throws -> Expr {
        let primary = try parsePrimary()
        guard case .name(let fact) = primary else { return primary }
        if let op = relop() {
            advance()
            let value = try parseValue()
            return .compare(fact, op, value, fact.span.merged(with: value.span))
        }
        if check(.assign) {
            throw error("`=` gives a fact its value only in a test's `given`; a condition compares with `==`", help: "did you mean `==`?")
        }
        if checkWord("not"), peek(1).isWord("in") {
            advance(); advance()
            let set = try parseSet()
            return .inSet(fact, set, negated: true, spanFrom(fact.span))
        }
        if matchWord("in") {
            if check(.leftBrace) {
                return .inSet(fact, try parseSet(), negated: false, spanFrom(fact.span))
            }
            let low = try parseValue()
            try expect(.ellipsis, "`...` in a range such as `10 mm ... 20 mm`, or a set `{ a, b }`")
            let high = try parseValue()
            return .inRange(fact, low, high, spanFrom(fact.span))
        }
        return primary
    }

    // primary = "(" , expr , ")" | "known" , "(" , IDENT , ")" | "true" | "false" | IDENT ;
    mutating func parsePrimary() throws -> Expr {
        let start = current.span
        if match(.leftParen) {
            let inner = try parseExpr()
            try expect(.rightParen, "`)` to close the parenthesis")
            return .parenthesized(inner, spanFrom(start))
        }
        if matchWord("known") {
            try expect(.leftParen, "`(` after `known`")
            let fact = try expectName("a fact name")
            try expect(.rightParen, "`)` after the fact name")
            return .known(fact, spanFrom(start))
        }
        if matchWord("true") { return .boolean(true, start) }
        if matchWord("false") { return .boolean(false, start) }
        guard check(.identifier), !reservedWords.contains(current.text) else {
            throw error("expected a condition, found \(describe(current))")
        }
        let token = advance()
        return .name(Name(text: token.text, span: token.span))
    }

    // relop = "==" | "!=" | "<" | "<=" | ">" | ">=" ;
    func relop() -> RelOp? {
        switch current.kind {
        case .equal: .eq
        case .notEqual: .ne
        case .less: .lt
        case .lessEqual: .le
        case .greater: .gt
        case .greaterEqual: .ge
        default: nil
        }
    }

    // set = "{" , value , { "," , value } , [ "," ] , "}" ;
    mutating func parseSet() throws -> [Value] {
        try expect(.leftBrace, "`{` to open a set")
        var values = [try parseValue()]
        while match(.comma) {
            if check(.rightBrace) { break }
            values.append(try parseValue())
        }
        try expect(.rightBrace, "`,` or `}` in the set")
        return values
    }

    // value = quantity | IDENT | "true" | "false" ;
    mutating func parseValue() throws -> Value {
        let start = current.span
        if matchWord("true") { return .boolean(true, start) }
        if matchWord("false") { return .boolean(false, start) }
        if check(.number) || check(.minus) { return .quantity(try parseQuantity()) }
        return .name(try expectName("a value (a number, a member name, `true` or `false`)"))
    }

    /// Unit words after a number; `%` is a token of its own.
    static let unitWords: Set<String> = Set(Unit.all.map(\.name).filter { $0 != "%" }).union(Unit.equivalenceWords)

    // quantity = [ "-" ] , NUMBER , [ unit ] ;
    mutating func parseQuantity() throws -> QuantityLiteral {
        let start = current.span
        let negative = match(.minus)
        let token = try expect(.number, "a number")
        let text = (negative ? "-" : "") + token.text
        let value: Exact
        switch Exact.parse(text) {
        case .success(let exact): value = exact
        case .failure(.tooPrecise):
            diagnostics.append(.error("number-precision", "`\(text)` has more than \(Exact.fractionDigits) decimal places", at: token.span))
            value = Exact(micros: 0)
        case .failure:
            diagnostics.append(.error("number-range", "`\(text)` is too large to hold exactly", at: token.span))
            value = Exact(micros: 0)
        }
        var unit: String?
        if check(.percent) {
            unit = "%"
            advance()
        } else if check(.identifier), Parser.unitWords.contains(current.text) {
            unit = advance().text
        }
        return QuantityLiteral(value: value, unit: unit, text: text, span: spanFrom(start))
    }
}

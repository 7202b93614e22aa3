/// Parsing of the guideline header, facts, outcomes and defines.
extension Parser {
    // guideline = "guideline" , IDENT , [ STRING ] , [ "version" , STRING ] ;
    mutating func parseGuideline() throws -> GuidelineDecl {
        let start = advance().span
        let name = try expectName("a guideline name")
        let title = check(.string) ? try expectString("a title") : nil
        var version: StringLiteral?
        if matchWord("version") { version = try expectString("a version string") }
        return GuidelineDecl(name: name, title: title, version: version, span: spanFrom(start))
    }

    // fact = "fact" , IDENT , ":" , type , [ equivalence ] , [ range ] , [ STRING ] ,
    //        [ "derived" , "by" , QUALID | "between" , IDENT , "and" , IDENT ] ;
    mutating func parseFact() throws -> FactDecl {
        let start = advance().span
        let name = try expectName("a fact name")
        try expect(.colon, "`:` and a type after the fact name")
        let type = try parseFactType()
        let equivalence = checkWord("also") ? try parseEquivalence() : nil
        let range = checkWord("range") ? try parseRange() : nil
        let description = check(.string) ? try expectString("a description") : nil
        var derivedBy: Name?
        var between: DateSpan?
        if matchWord("derived") {
            try expectWord("by")
            derivedBy = try expectQualifiedName("a decision id")
        } else if checkWord("between") {
            // `between` is contextual: a duration computed from two dates.
            let spanStart = advance().span
            let from = try expectName("the earlier date fact")
            try expectWord("and")
            let to = try expectName("the later date fact")
            between = DateSpan(from: from, to: to, span: spanFrom(spanStart))
        }
        return FactDecl(name: name, type: type, equivalence: equivalence, range: range, description: description, derivedBy: derivedBy,
                        between: between, span: spanFrom(start))
    }

    // equivalence = "also" , quantity , "=" , quantity ;   (* `also` is contextual *)
    mutating func parseEquivalence() throws -> UnitEquivalence {
        let start = advance().span
        let other = try parseQuantity()
        try expect(.assign, "`=` between the two sides of the unit equivalence, as in `also 14 mg/dL = 3.5 mmol/L`")
        let declared = try parseQuantity()
        return UnitEquivalence(other: other, declared: declared, span: spanFrom(start))
    }

    static let dimensionWords = Dimension.allCases.map(\.rawValue)

    // type = "bool" | "number" | [ "ordered" ] , members | dimension , [ "in" , unit ] ;
    mutating func parseFactType() throws -> FactTypeSyntax {
        let start = current.span
        if matchWord("bool") { return .bool(start) }
        if matchWord("number") { return .number(start) }
        let ordered = matchWord("ordered")
        if check(.leftBrace) {
            let members = try parseMembers()
            return .enumeration(members, ordered: ordered, spanFrom(start))
        }
        if ordered { throw error("expected `{` and the members of the ordered enumeration") }
        guard check(.identifier), Parser.dimensionWords.contains(current.text) else {
            let help = Suggestion.help(for: current.text, in: Parser.dimensionWords + ["bool", "number"])
            throw error("expected a type (`bool`, `number`, `{ ... }` or a dimension such as `length`), found \(describe(current))", help: help)
        }
        let dimension = Name(text: current.text, span: advance().span)
        var unit: Name?
        if matchWord("in") { unit = try parseUnitName() }
        return .quantity(dimension: dimension, unit: unit, spanFrom(start))
    }

    // members = "{" , IDENT , { "," , IDENT } , [ "," ] , "}" ;
    mutating func parseMembers() throws -> [Name] {
        try expect(.leftBrace, "`{`")
        var members = [try expectName("a member name")]
        while match(.comma) {
            if check(.rightBrace) { break }
            members.append(try expectName("a member name"))
        }
        try expect(.rightBrace, "`,` or `}` in the member list")
        return members
    }

    // unit = "mm" | "cm" | "%" | "days" | "weeks" | "months" | "years"
    //      | "mmHg" | "mmol/L" | "umol/L" | "Gy" | "cGy" ;
    mutating func parseUnitName() throws -> Name {
        if check(.percent) { return Name(text: "%", span: advance().span) }
        guard check(.identifier) else { throw error("expected a unit, found \(describe(current))") }
        return Name(text: current.text, span: advance().span)
    }

    // range = "range" , ( quantity , "..." , quantity | relop , quantity ) ;
    mutating func parseRange() throws -> RangeSyntax {
        let start = advance().span
        if let op = relop() {
            advance()
            let bound = try parseQuantity()
            switch op {
            case .gt, .ge: return RangeSyntax(low: bound, high: nil, lowOp: op, highOp: nil, span: spanFrom(start))
            case .lt, .le: return RangeSyntax(low: nil, high: bound, lowOp: nil, highOp: op, span: spanFrom(start))
            case .eq, .ne: throw error("a range bound takes `<`, `<=`, `>` or `>=`")
            }
        }
        let low = try parseQuantity()
        try expect(.ellipsis, "`...` between the range bounds")
        let high = try parseQuantity()
        return RangeSyntax(low: low, high: high, lowOp: .ge, highOp: .le, span: spanFrom(start))
    }

    // outcome = "outcome" , IDENT , [ STRING ] , [ "finding" ] ;
    mutating func parseOutcome() throws -> OutcomeDecl {
        let start = advance().span
        let name = try expectName("an outcome name")
        let label = check(.string) ? try expectString("a label") : nil
        // `finding` is a contextual word: only here, after the name and label, does it mean one.
        let finding = checkWord("finding") ? advance().span : nil
        return OutcomeDecl(name: name, label: label, finding: finding, span: spanFrom(start))
    }

    // define = "define" , IDENT , "=" , expr ;
    mutating func parseDefine() throws -> DefineDecl {
        let start = advance().span
        let name = try expectName("a name for the condition")
        try expect(.assign, "`=` after the define name")
        let expr = try parseExpr()
        return DefineDecl(name: name, expr: expr, span: spanFrom(start))
    }
}

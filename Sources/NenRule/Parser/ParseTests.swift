/// Parsing of in-language tests.
extension Parser {
    // test = "test" , STRING , "{" , given , { expect | irrelevant } , "}" ;
    mutating func parseTest() throws -> TestDecl {
        let start = advance().span
        let name = try expectString("the test's name in quotes")
        try expect(.leftBrace, "`{` to open the test")
        let givenStart = current.span
        let (record, given) = try parseGiven()
        let givenSpan = spanFrom(givenStart)
        var expects: [Expect] = []
        var irrelevant: [Irrelevant] = []
        while !check(.rightBrace), !atEnd, !startsItem {
            let before = position
            do {
                if checkWord("irrelevant") {
                    irrelevant.append(try parseIrrelevant())
                } else {
                    expects.append(try parseExpect())
                }
            } catch {
                synchronizeInBody(after: before, stops: ["expect", "irrelevant"])
            }
        }
        try expect(.rightBrace, "`}` to close the test")
        return TestDecl(name: name, record: record, given: given, givenSpan: givenSpan, expects: expects, irrelevant: irrelevant, span: spanFrom(start))
    }

    // given = "given" , [ STRING , [ "," ] ] , [ assignment , { "," , assignment } ] ;
    // assignment = IDENT , "=" , value ;
    mutating func parseGiven() throws -> (record: StringLiteral?, assignments: [Assignment]) {
        try expectWord("given")
        let record = check(.string) ? try expectString("a patient record file in quotes") : nil
        if record != nil { _ = match(.comma) }
        var assignments: [Assignment] = []
        guard check(.identifier), !checkWord("expect"), !checkWord("irrelevant") else { return (record, assignments) }
        repeat {
            let fact = try expectName("a fact name")
            try expect(.assign, "`=` after the fact name")
            assignments.append(Assignment(fact: fact, value: try parseValue()))
        } while match(.comma)
        return (record, assignments)
    }

    // irrelevant = "irrelevant" , QUALID , { "," , QUALID } ;
    mutating func parseIrrelevant() throws -> Irrelevant {
        let start = current.span
        try expectWord("irrelevant")
        var names = [try expectQualifiedName("a decision id")]
        while match(.comma) { names.append(try expectQualifiedName("a decision id")) }
        return Irrelevant(decisions: names, span: spanFrom(start))
    }

    // expect = "expect" , QUALID , ( "=>" , result , { "," , result }
    //          | "undetermined" , [ "=>" , IDENT , { "," , IDENT } ] , [ "needs" , IDENT , { "," , IDENT } ]
    //          | "not_applicable" )
    //        | "expect" , "inconsistent" , [ QUALID ] ;    (* the case breaks a constraint (this one) *)
    mutating func parseExpect() throws -> Expect {
        let start = current.span
        try expectWord("expect")
        if matchWord("inconsistent") {
            // Only a keyword (`expect`, `irrelevant`) or the closing brace may follow when the id is left out.
            let constraint = check(.identifier) && !reservedWords.contains(current.text) ? try expectQualifiedName("a constraint id") : nil
            return Expect(decision: Name(text: "", span: start), expectation: .inconsistent(constraint: constraint), span: spanFrom(start))
        }
        let decision = try expectQualifiedName("a decision id")
        let expectation: Expectation
        if match(.arrow) {
            expectation = .decided(try parseResults())
        } else if matchWord("undetermined") {
            let outcomes = match(.arrow) ? try parseNameList("an outcome") : nil
            let needs = matchWord("needs") ? try parseNameList("a fact name") : nil
            expectation = .undetermined(outcomes: outcomes, needs: needs)
        } else if matchWord("not_applicable") {
            expectation = .notApplicable
        } else {
            throw error("expected `=>`, `undetermined` or `not_applicable` after the decision id, found \(describe(current))")
        }
        return Expect(decision: decision, expectation: expectation, span: spanFrom(start))
    }

    mutating func parseNameList(_ what: String) throws -> [Name] {
        var names = [try expectName(what)]
        while match(.comma) { names.append(try expectName(what)) }
        return names
    }
}

/// Parsing of decisions, tables and criteria sets.
extension Parser {
    // decision = "decision" , QUALID , [ STRING ] , { header } , "{" , { branch } , [ otherwise ] , "}" ;
    mutating func parseDecision() throws -> Decision {
        let start = advance().span
        let header = try parseDecisionHeader()
        try expect(.leftBrace, "`{` to open the decision's branches")
        var branches: [Branch] = []
        while !check(.rightBrace), !atEnd, !startsItem {
            let before = position
            do {
                guard checkWord("when") || checkWord("otherwise") else {
                    throw error("expected `when`, `otherwise` or `}`, found \(describe(current))")
                }
                branches.append(try parseBranch())
            } catch {
                synchronizeInBody(after: before, stops: ["when", "otherwise"])
            }
        }
        try expect(.rightBrace, "`}` to close the decision")
        return Decision(header: header, branches: branches, span: spanFrom(start))
    }

    /// Skips to the next branch start (one of `stops`, or a row's `|` at the start of a line),
    /// the body's closing brace, or a new item at the start of a line (a forgotten `}`).
    mutating func synchronizeInBody(after start: Int, stops: Set<String>) {
        if position == start { advance() }
        var braces = 0
        while !atEnd {
            if check(.leftBrace) { braces += 1 }
            if check(.rightBrace) {
                if braces == 0 { return }
                braces -= 1
            }
            if braces == 0 {
                if current.kind == .identifier, stops.contains(current.text) { return }
                if stops.contains("|"), check(.pipe), current.startsLine { return }
                if startsItem { return }
            }
            advance()
        }
    }

    /// An item keyword at the start of a line: the body before it is over, closed or not.
    var startsItem: Bool {
        current.kind == .identifier && current.startsLine && Parser.itemKeywords.contains(current.text)
    }

    // header = "applies" , "when" , expr | "policy" , policy | annotation ;
    mutating func parseDecisionHeader() throws -> DecisionHeader {
        let id = try expectQualifiedName("a decision id")
        var header = DecisionHeader(id: id)
        if check(.string) { header.title = try expectString("a title") }
        while true {
            if matchWord("applies") {
                try expectWord("when")
                header.applies = try parseExpr()
            } else if matchWord("policy") {
                guard check(.identifier) else { throw error("expected a hit policy, found \(describe(current))") }
                header.policy = Name(text: current.text, span: advance().span)
            } else if !(try parseAnnotation(into: &header.annotations)) {
                return header
            }
        }
    }

    // annotation = "cite" , STRING , { "," , STRING } | "note" , STRING ;
    /// Returns false when the current token starts no annotation.
    mutating func parseAnnotation(into annotations: inout Annotations) throws -> Bool {
        if matchWord("cite") {
            annotations.cites.append(try expectString("a citation in quotes, such as \"§4.1.3\""))
            while match(.comma) { annotations.cites.append(try expectString("a citation in quotes")) }
            return true
        }
        if matchWord("note") {
            annotations.notes.append(try expectString("a note in quotes"))
            return true
        }
        return false
    }

    mutating func parseAnnotations() throws -> Annotations {
        var annotations = Annotations()
        while try parseAnnotation(into: &annotations) {}
        return annotations
    }

    // branch = "when" , expr , "=>" , results , { annotation } ;
    // otherwise = "otherwise" , "=>" , results , { annotation } ;
    mutating func parseBranch() throws -> Branch {
        let start = current.span
        var condition: Expr?
        if matchWord("when") {
            condition = try parseExpr()
        } else {
            try expectWord("otherwise")
        }
        try expect(.arrow, "`=>` before the branch's result")
        let results = try parseResults()
        let annotations = try parseAnnotations()
        return Branch(condition: condition, results: results, annotations: annotations, span: spanFrom(start))
    }

    // results = result , { "," , result } ;
    // result = [ strength ] , IDENT ;
    mutating func parseResults() throws -> [ResultSpec] {
        var results = [try parseResult()]
        while match(.comma) { results.append(try parseResult()) }
        return results
    }

    mutating func parseResult() throws -> ResultSpec {
        var strength: Name?
        if check(.identifier), strengthWords.contains(current.text), peek(1).kind == .identifier,
           !reservedWords.contains(peek(1).text) {
            strength = Name(text: current.text, span: advance().span)
        } else if check(.identifier), peek(1).kind == .identifier, !reservedWords.contains(peek(1).text), !peek(1).startsLine {
            // Two words where a result is one outcome or a strength and an outcome.
            let help = Suggestion.help(for: current.text, in: strengthWords)
                ?? "a strength is one of \(strengthWords.map { "`\($0)`" }.joined(separator: ", "))"
            throw error("`\(current.text)` is not a strength", help: help)
        }
        let outcome = try expectName("an outcome")
        return ResultSpec(strength: strength, outcome: outcome)
    }

    // table = "table" , QUALID , [ STRING ] , { header } , "{" , "inputs" , IDENT , { "," , IDENT } ,
    //         { row } , [ otherwise ] , "}" ;
    mutating func parseTable() throws -> Table {
        let start = advance().span
        let header = try parseDecisionHeader()
        try expect(.leftBrace, "`{` to open the table")
        try expectWord("inputs")
        var inputs = [try expectName("an input fact")]
        while match(.comma) { inputs.append(try expectName("an input fact")) }
        var rows: [Row] = []
        var otherwise: Branch?
        while !check(.rightBrace), !atEnd, !startsItem {
            let before = position
            do {
                if checkWord("otherwise") {
                    otherwise = try parseBranch()
                } else {
                    rows.append(try parseRow())
                }
            } catch {
                synchronizeInBody(after: before, stops: ["otherwise", "|"])
            }
        }
        try expect(.rightBrace, "`}` to close the table")
        return Table(header: header, inputs: inputs, rows: rows, otherwise: otherwise, span: spanFrom(start))
    }

    // row = "|" , cell , { "|" , cell } , "|" , "=>" , results , { annotation } ;
    mutating func parseRow() throws -> Row {
        let start = try expect(.pipe, "`|` to start a row, or `otherwise`").span
        var cells: [Cell] = []
        while !check(.arrow) {
            cells.append(try parseCell())
            try expect(.pipe, "`|` after a cell")
        }
        try expect(.arrow, "`=>` after the row's cells")
        let results = try parseResults()
        let annotations = try parseAnnotations()
        return Row(cells: cells, results: results, annotations: annotations, span: spanFrom(start))
    }

    // cell = "-" | relop , value | value , "..." , value | [ "not" ] , "in" , set | value ;
    mutating func parseCell() throws -> Cell {
        let start = current.span
        if check(.minus), peek(1).kind == .pipe {
            advance()
            return .any(start)
        }
        if let op = relop() {
            advance()
            let value = try parseValue()
            return .compare(op, value, spanFrom(start))
        }
        let negated = matchWord("not")
        if matchWord("in") {
            return .inSet(try parseSet(), negated: negated, spanFrom(start))
        }
        if negated { throw error("expected `in` after `not` in a cell") }
        let value = try parseValue()
        if match(.ellipsis) {
            return .range(value, try parseValue(), spanFrom(start))
        }
        return .compare(.eq, value, spanFrom(start))
    }

    // criteria = "criteria" , QUALID , [ STRING ] , { header } , "{" , { criterion } , "}" ;
    mutating func parseCriteria() throws -> Criteria {
        let start = advance().span
        let header = try parseDecisionHeader()
        try expect(.leftBrace, "`{` to open the criteria")
        var criteria: [Criterion] = []
        while !check(.rightBrace), !atEnd, !startsItem {
            let before = position
            do {
                criteria.append(try parseCriterion())
            } catch {
                synchronizeInBody(after: before, stops: ["require", "relative"])
            }
        }
        try expect(.rightBrace, "`}` to close the criteria")
        return Criteria(header: header, criteria: criteria, span: spanFrom(start))
    }

    // criterion = ( "require" | "relative" ) , expr , [ STRING ] , { annotation } ;
    mutating func parseCriterion() throws -> Criterion {
        let start = current.span
        let relative: Bool
        if matchWord("require") { relative = false }
        else if matchWord("relative") { relative = true }
        else { throw error("expected `require`, `relative` or `}`, found \(describe(current))") }
        let condition = try parseExpr()
        let label = check(.string) ? try expectString("a label") : nil
        let annotations = try parseAnnotations()
        return Criterion(relative: relative, condition: condition, label: label, annotations: annotations, span: spanFrom(start))
    }
}

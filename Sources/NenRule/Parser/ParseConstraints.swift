/// Parsing of constraints: relationships between facts that every case satisfies.
extension Parser {
    // constraint = "constraint" , QUALID , [ STRING ] , { annotation } , "{" , expr , "}" ;
    mutating func parseConstraint() throws -> ConstraintDecl {
        let start = advance().span
        let id = try expectQualifiedName("a constraint id")
        let title = check(.string) ? try expectString("a title") : nil
        var annotations = Annotations()
        while try parseAnnotation(into: &annotations) {}
        try expect(.leftBrace, "`{` to open the constraint's condition")
        let condition = try parseExpr()
        try expect(.rightBrace, "`}` to close the constraint (one condition; join several with `and`)")
        return ConstraintDecl(id: id, title: title, annotations: annotations, condition: condition, span: spanFrom(start))
    }
}

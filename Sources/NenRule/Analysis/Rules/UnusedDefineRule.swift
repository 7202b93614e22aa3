/// `unused-define`: a named condition nothing refers to — a convention written down but not
/// applied where the guideline uses it.
public struct UnusedDefineRule: LintRule {
    public let code = "unused-define"

    public func findings(_ context: LintContext) -> [Diagnostic] {
        context.model.defines.filter { !context.model.usedDefines.contains($0.name) }.map { define in
            Diagnostic(.warning, code, "define `\(define.name)` is never used", at: define.span)
        }
    }
}

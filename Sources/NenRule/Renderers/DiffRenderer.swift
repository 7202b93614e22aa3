/// `nenrule diff` output: text for a terminal, Markdown for a review, JSON for tools (format
/// documented in `Grammar/diff-json.md`: `format` "nenrule-diff", `version` 1).
public enum DiffRenderer {
    public static let format = "nenrule-diff"
    public static let version = 1

    public static func text(_ report: SemanticDiff.Report, markdown: Bool = false) -> String {
        var lines: [String] = []
        let bullet = markdown ? "- " : "  "
        func section(_ title: String, _ items: [String]) {
            guard !items.isEmpty else { return }
            lines.append(markdown ? "## \(title)\n" : title + ":")
            lines += items.map { bullet + $0 }
            lines.append("")
        }
        if markdown { lines += ["# Answer changes", ""] }
        section("decisions added", report.added.map { "`\($0)`" })
        section("decisions removed", report.removed.map { "`\($0)`" })
        section("decisions retitled", report.retitled.map { "`\($0.id)`: \"\($0.old)\" → \"\($0.new)\"" })
        section("declarations", report.declarations.map { "\($0.kind) `\($0.name)`: \($0.detail)" })
        section("constraints", report.constraints.map { "`\($0.id)` \($0.change)" })
        for decision in report.decisions {
            let name = decision.old == decision.new ? "`\(decision.old)`" : "`\(decision.old)` → `\(decision.new)`"
            let header = name + (decision.throughInputs ? " (its own rules unchanged: through what it reads)" : "")
                + (decision.incomplete ? " — exploration stopped at its budget: regions may be missing" : "")
            lines.append(markdown ? "## \(header)\n" : header)
            for (region, witnessed) in zip(decision.regions, decision.witnessAnswers) {
                lines.append(bullet + "\(region.description): \(region.old.text) → \(region.new.text)")
                let witness = DiagnosticRenderer.witnessJSON(region.witness).render(pretty: false)
                lines.append((markdown ? "  " : "    ") + "witness \(markdown ? "`" : "")\(witness)\(markdown ? "`" : ""): \(witnessed.old.text) → \(witnessed.new.text)")
            }
            lines.append("")
        }
        let changed = report.decisions.filter { !$0.regions.isEmpty }.count
        lines.append("\(report.compared) decision\(report.compared == 1 ? "" : "s") compared: \(changed) answer\(changed == 1 ? "" : "s") changed, "
            + "\(report.decisions.reduce(0) { $0 + $1.regions.count }) region\(report.decisions.reduce(0) { $0 + $1.regions.count } == 1 ? "" : "s")")
        return lines.joined(separator: "\n") + "\n"
    }

    public static func json(_ report: SemanticDiff.Report) -> JSONNode {
        func answer(_ answer: DiffAnswer) -> JSONNode {
            .object([("status", .string(answer.kind.rawValue)), ("outcomes", .array(answer.outcomes.map { .string($0) })),
                     ("cites", .array(answer.cites.map { .string($0) }))])
        }
        let decisions: [JSONNode] = report.decisions.map { decision in
            .object([
                ("old", .string(decision.old)), ("new", .string(decision.new)),
                ("through_inputs", .bool(decision.throughInputs)), ("incomplete", .bool(decision.incomplete)),
                ("regions", .array(zip(decision.regions, decision.witnessAnswers).map { region, witnessed in
                    .object([
                        ("where", .string(region.description)),
                        ("conditions", .array(region.conditions.map { .object([("fact", .string($0.fact)), ("words", .string($0.words))]) })),
                        ("old", answer(region.old)), ("new", answer(region.new)),
                        ("witness", DiagnosticRenderer.witnessJSON(region.witness)),
                        ("witness_old", answer(witnessed.old)), ("witness_new", answer(witnessed.new)),
                    ])
                })),
            ])
        }
        return .object([
            ("format", .string(format)), ("version", .int(version)),
            ("added", .array(report.added.map { .string($0) })),
            ("removed", .array(report.removed.map { .string($0) })),
            ("retitled", .array(report.retitled.map { .object([("id", .string($0.id)), ("old", .string($0.old)), ("new", .string($0.new))]) })),
            ("declarations", .array(report.declarations.map { .object([("kind", .string($0.kind)), ("name", .string($0.name)), ("detail", .string($0.detail))]) })),
            ("constraints", .array(report.constraints.map { .object([("id", .string($0.id)), ("change", .string($0.change))]) })),
            ("compared", .int(report.compared)),
            ("decisions", .array(decisions)),
        ])
    }
}

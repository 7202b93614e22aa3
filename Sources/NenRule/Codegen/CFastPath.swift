/// The bulk path's pure functions: per decision, its Kleene answer over a bare value array with
/// no case record — no memos, no stores of branch truths, no epochs. A function answers only
/// when the answer is certain without exact evaluation (decided, or not applicable); otherwise
/// it returns -1 and `nenrule_decide_rows` runs the row through the case record as
/// `nenrule_decide` would. Kleene answers are monotone: a condition that is true or false with a
/// derived fact unknown is so for every value it may take, so a fast answer equals the full
/// one. `known(x)` of a derived fact is the exception, so a derivation that is not certain
/// sends the whole row to the full path (`bail`).
struct CFastPath {
    /// The derived slots one function reads, each cached in a local `x<slot>`.
    final class Reads {
        var derived: Set<Int32> = []
    }

    let layout: CLayout

    /// The functions' declarations and the table `nr_fast`, written before the runtime.
    func declarations() -> String {
        var out = "typedef int (*nr_fast_fn)(const int64_t *v, uint64_t *mask, int *bail);\n"
        out += "typedef unsigned (*nr_guard_fn)(const int64_t *v);\n"
        out += layout.keep.indices.map { "static int nr_f\($0)(const int64_t *v, uint64_t *mask, int *bail);\n" }.joined()
        out += "static const nr_fast_fn nr_fast[NR_DECISIONS] = {\n"
        return out + layout.keep.indices.map { "    nr_f\($0),\n" }.joined() + "};\n\n"
    }

    /// The derivation helper, then every function.
    func text() -> String {
        let out = """
        /* ---- the bulk path: pure Kleene answers over a value array (see nenrule_decide_rows) ---- */

        #define NR_UNSET (INT64_MIN + 1)

        /* A derived slot's value: given, or its decision's single certain output; unknown when the
           decision is not applicable or decides several; `bail` when it is not certain. */
        static inline int64_t nr_fdv(const int64_t *v, int slot, int by, nr_fast_fn derive, nr_guard_fn applies, int *bail) {
            if (v[slot] != NENRULE_UNKNOWN) return v[slot];
            if (applies(v) == NR_F) return NENRULE_UNKNOWN; /* the derivation does not apply */
            uint64_t m = 0;
            int status = derive(v, &m, bail);
            if (status < 0) { *bail = 1; return NENRULE_UNKNOWN; }
            if (status != NENRULE_DECIDED || m == 0 || (m & (m - 1)) != 0) return NENRULE_UNKNOWN;
            return nr_local_outputs[nr_local_start[by] + nr_ctz(m)];
        }
        /* The same, kept in the reading function's local `x<slot>` (function calls keep two reads
           in one expression sequenced). The deriving function is named, not looked up in
           `nr_fast`, so the compiler may inline a small derivation into its reader; its guard
           (`nr_g<i>`) is tested inline first, so a row the derivation does not apply to costs
           that test, not a call. */
        static inline int64_t nr_cached(int64_t *x, const int64_t *v, int slot, int by, nr_fast_fn derive, nr_guard_fn applies,
                                        int *bail) {
            if (*x == NR_UNSET) *x = nr_fdv(v, slot, by, derive, applies, bail);
            return *x;
        }
        #define NR_FDV(slot, by) nr_cached(&x##slot, v, slot, by, nr_f##by, nr_g##by, bail)


        """
        let derivations = layout.keep.indices.filter { layout.graph.decisions[layout.keep[$0]].derives >= 0 }
        return out + derivations.map(guardFunction).joined() + "\n" + layout.keep.indices.map(function).joined(separator: "\n")
    }

    /// `nr_g<i>` of a derivation: its guard's truth over the value array, for the readers of the
    /// derived fact to test before calling the derivation. A guard that reads a derived fact
    /// answers unknown here (the derivation's own function settles it).
    func guardFunction(_ index: Int) -> String {
        let decision = layout.graph.decisions[layout.keep[index]]
        let readsDerived = decision.guardReads.contains { layout.graph.derivedBy[Int($0)] >= 0 }
        let conditions = Statements(conditions: CConditions(layout: layout, fastReads: Reads()))
        let body = readsDerived ? ["    return NR_U;"] : ["    unsigned g;"] + guardLines(decision, conditions) + ["    return g;"]
        return (["NR_MAY_BE_UNUSED static inline unsigned nr_g\(index)(const int64_t *v) {", "    (void)v;"] + body + ["}"])
            .joined(separator: "\n") + "\n"
    }

    /// Statements that leave the guard's truth in `g`.
    func guardLines(_ decision: DecisionGraph.Decision, _ conditions: Statements) -> [String] {
        decision.guardNode >= 0 ? conditions.emit(decision.guardNode, into: "g") : ["    g = NR_T;"]
    }

    func function(_ index: Int) -> String {
        let decision = layout.graph.decisions[layout.keep[index]]
        let reads = Reads()
        let conditions = Statements(conditions: CConditions(layout: layout, fastReads: reads))
        var body = ["    (void)v;", "    unsigned g\(decision.branches.isEmpty ? "" : ", t");"]
        body += guardLines(decision, conditions)
        body += ["    if (g == NR_F) return *bail ? -1 : NENRULE_NOT_APPLICABLE;",
                    "    if (g == NR_U) return -1;"]
        switch layout.graph.plan.mode[layout.keep[index]] {
        case .first, .unique: body += first(decision, conditions)
        case .collect: body += collect(decision, conditions)
        case .highest: body += highest(decision, conditions)
        case .criteria: body += criteria(decision, conditions)
        }
        let caches = reads.derived.sorted().map { "    int64_t x\($0) = NR_UNSET;" }
        return (["static int nr_f\(index)(const int64_t *v, uint64_t *mask, int *bail) {"] + caches + body + ["}"])
            .joined(separator: "\n") + "\n"
    }

    /// The first branch that holds decides, unless an unknown one comes before it.
    func first(_ decision: DecisionGraph.Decision, _ conditions: Statements) -> [String] {
        decision.branches.flatMap { branch in
            conditions.emit(branch.node, into: "t") + [
             "    if (t == NR_U) return -1;",
             "    if (t == NR_T) { *mask = UINT64_C(\(branch.mask)); return *bail ? -1 : NENRULE_DECIDED; }"]
        } + otherwise(decision)
    }

    /// Every branch that holds contributes; any unknown one leaves the answer to the full path.
    func collect(_ decision: DecisionGraph.Decision, _ conditions: Statements) -> [String] {
        ["    uint64_t held = 0;"] + decision.branches.flatMap { branch in
            conditions.emit(branch.node, into: "t") + [
             "    if (t == NR_U) return -1;",
             "    if (t == NR_T) held |= UINT64_C(\(branch.mask));"]
        } + ["    if (held != 0) { *mask = held; return *bail ? -1 : NENRULE_DECIDED; }"] + otherwise(decision)
    }

    /// The highest output among the branches that hold: the branches by output, highest first,
    /// so the first group with a branch that holds answers and the lower ones are not read.
    func highest(_ decision: DecisionGraph.Decision, _ conditions: Statements) -> [String] {
        let rank = { (branch: DecisionGraph.Branch) in branch.mask == 0 ? -1 : 63 - branch.mask.leadingZeroBitCount }
        let groups = Dictionary(grouping: decision.branches, by: rank).sorted { $0.key > $1.key }
        var lines = ["    int held;"]
        for (rank, branches) in groups {
            lines.append("    held = 0;")
            for branch in branches {
                lines += conditions.emit(branch.node, into: "t") + ["    if (t == NR_U) return -1;", "    if (t == NR_T) held = 1;"]
            }
            if rank >= 0 { lines.append("    if (held) { *mask = UINT64_C(\(UInt64(1) << UInt64(rank))); return *bail ? -1 : NENRULE_DECIDED; }") }
        }
        if groups.contains(where: { $0.key < 0 }) { lines.append("    (void)held;") }
        return lines + otherwise(decision)
    }

    /// met (1), met except relative criteria (2), not met (4).
    func criteria(_ decision: DecisionGraph.Decision, _ conditions: Statements) -> [String] {
        ["    int absolute_false = 0, relative_false = 0;"] + decision.branches.flatMap { branch in
            conditions.emit(branch.node, into: "t") + [
             "    if (t == NR_U) return -1;",
             "    if (t == NR_F) \(branch.relative ? "relative_false" : "absolute_false") = 1;"]
        } + ["    *mask = absolute_false ? 4 : relative_false ? 2 : 1;", "    return *bail ? -1 : NENRULE_DECIDED;"]
    }

    /// No branch holds: `otherwise`, or the full path (which refines the gap exactly).
    func otherwise(_ decision: DecisionGraph.Decision) -> [String] {
        guard decision.otherwise != nil else { return ["    return -1;"] }
        return ["    *mask = UINT64_C(\(decision.otherwiseMask));", "    return *bail ? -1 : NENRULE_DECIDED;"]
    }
}

extension CFastPath {
    /// Kleene conditions as statements that stop at the first operand deciding an `and` (false)
    /// or an `or` (true): a row that fails the first test of a guard costs that test alone.
    /// One per function: it numbers the temporaries and labels it writes.
    final class Statements {
        let conditions: CConditions
        var names = 0

        init(conditions: CConditions) { self.conditions = conditions }

        /// Statements that leave the node's truth in `target`.
        func emit(_ node: Int32, into target: String, indent: String = "    ") -> [String] {
            let graph = conditions.layout.graph
            switch graph.nodes[Int(node)] {
            case .not(let inner):
                return emit(inner, into: target, indent: indent) + ["\(indent)\(target) = nr_not(\(target));"]
            case .and(let start, let count):
                return junction(Array(graph.operands[Int(start)..<Int(start + count)]), target, indent, stop: "NR_F", combine: "nr_and")
            case .or(let start, let count):
                return junction(Array(graph.operands[Int(start)..<Int(start + count)]), target, indent, stop: "NR_T", combine: "nr_or")
            default:
                return ["\(indent)\(target) = \(conditions.expression(node));"]
            }
        }

        /// `stop` (false for `and`, true for `or`) from any operand settles the junction.
        func junction(_ terms: [Int32], _ target: String, _ indent: String, stop: String, combine: String) -> [String] {
            names += 1
            let label = "L\(names)", operand = "u\(names)"
            var lines = ["\(indent)\(target) = \(stop == "NR_F" ? "NR_T" : "NR_F");", "\(indent){", "\(indent)    unsigned \(operand);"]
            for term in terms {
                lines += emit(term, into: operand, indent: indent + "    ")
                lines.append("\(indent)    if (\(operand) == \(stop)) { \(target) = \(stop); goto \(label); }")
                lines.append("\(indent)    \(target) = \(combine)(\(target), \(operand));")
            }
            return lines + ["\(indent)}", "\(label):;"]
        }
    }
}

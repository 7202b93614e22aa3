/// Each decision as a straight-line C function: the guard, then the branch conditions in order
/// as Kleene expressions, then the hit policy's settling. Under `first` (and `unique`, which
/// answers alike) the first branch that certainly holds ends the function; the other policies
/// read every branch and settle through the runtime's table-driven functions.
struct CDecisions {
    let layout: CLayout

    func text() -> String {
        layout.keep.indices.map(function).joined(separator: "\n")
    }

    func function(_ index: Int) -> String {
        let decision = layout.graph.decisions[layout.keep[index]]
        let conditions = CConditions(layout: layout)
        var body = ["/* \(decision.id.replacingOccurrences(of: "*/", with: "* /")) */", "static void nr_d\(index)(nenrule_case *c) {"]
        let guardText = decision.guardNode >= 0 ? conditions.expression(decision.guardNode) : "NR_T"
        body.append("    unsigned g = \(guardText);")
        body.append("    c->guard[\(index)] = (uint8_t)g;")
        body.append("    if (g == NR_F) { nr_set_result(c, \(index), NENRULE_NOT_APPLICABLE, 0); return; }")
        switch layout.graph.plan.mode[layout.keep[index]] {
        case .first, .unique: body += first(index, decision, conditions)
        case .collect: body += every(index, decision, conditions, settle: "nr_settle_collect")
        case .highest: body += every(index, decision, conditions, settle: "nr_settle_highest")
        case .criteria: body += every(index, decision, conditions, settle: "nr_settle_criteria")
        }
        body.append("    nr_after_policy(c, \(index), g);")
        body.append("}")
        return body.joined(separator: "\n") + "\n"
    }

    /// Branches in order until one certainly holds; the unknown ones before it stay possible.
    func first(_ index: Int, _ decision: DecisionGraph.Decision, _ conditions: CConditions) -> [String] {
        var lines = ["    int winner = -1, candidates = 0, all_same = 1, first_candidate = -2;",
                     "    int32_t first_signature = -1;", "    uint64_t first = 0, all = 0;"]
        if !decision.branches.isEmpty { lines.append("    unsigned t;") }
        let base = layout.branchStart[index]
        for (k, branch) in decision.branches.enumerated() {
            let mask = "UINT64_C(\(branch.mask))", signature = branch.signature
            lines.append("    t = \(conditions.expression(branch.node));")
            lines.append("    c->branch_truth[\(base + k)] = (uint8_t)t;")
            lines.append("    if (t != NR_F) {")
            lines.append("        if (candidates == 0) { first = \(mask); first_signature = \(signature); first_candidate = \(k); }")
            lines.append("        else if (first_signature != \(signature)) all_same = 0;")
            lines.append("        all |= \(mask);")
            lines.append("        candidates++;")
            lines.append("        if (t == NR_T) { winner = \(k); goto settle; }")
            lines.append("    }")
        }
        if !decision.branches.isEmpty { lines.append("settle:") }
        lines.append("    nr_settle_first(c, \(index), winner, candidates, all_same, first, all, first_candidate, first_signature);")
        return lines
    }

    /// Every branch's truth, then the policy's settling over them.
    func every(_ index: Int, _ decision: DecisionGraph.Decision, _ conditions: CConditions, settle: String) -> [String] {
        let base = layout.branchStart[index]
        return decision.branches.enumerated().map { k, branch in
            "    c->branch_truth[\(base + k)] = (uint8_t)(\(conditions.expression(branch.node)));"
        } + ["    \(settle)(c, \(index));"]
    }
}

/// Conditions as C expressions: Kleene ones over the case for decisions, two-valued ones over
/// a value array for the constraints' tables.
struct CConditions {
    let layout: CLayout
    /// Set for the fast path's pure functions (`CFastPath`), which read a value array `v` and
    /// note the derived slots they read here.
    var fastReads: CFastPath.Reads? = nil

    /// A slot's value: a load for a base fact, a derivation on demand for a derived one.
    func value(_ slot: Int32) -> String {
        let by = layout.derivedBy(Int(slot))
        if let fastReads {
            guard by >= 0 else { return "v[\(slot)]" }
            fastReads.derived.insert(slot)
            return "NR_FDV(\(slot), \(by))"
        }
        return by >= 0 ? "nr_dv(c, \(slot), \(by))" : "c->value[\(slot)]"
    }

    func expression(_ node: Int32) -> String {
        let graph = layout.graph
        switch graph.nodes[Int(node)] {
        case .constant(let value): return value ? "NR_T" : "NR_F"
        case .isTrue(let slot): return "nr_is_true(\(value(slot)))"
        case .known(let slot):
            return layout.derivedBy(Int(slot)) >= 0 || fastReads != nil ? "nr_known(\(value(slot)))" : "nr_known_base(c, \(slot))"
        case .compare(let slot, let op, let bound):
            let name = ["==": "nr_eq", "!=": "nr_ne", "<": "nr_lt", "<=": "nr_le", ">": "nr_gt", ">=": "nr_ge"][op.rawValue] ?? "nr_eq"
            return "\(name)(\(value(slot)), \(CLayout.int64(bound)))"
        case .member(let slot, let mask): return "nr_in(\(value(slot)), UINT64_C(\(mask)))"
        case .not(let inner): return "nr_not(\(expression(inner)))"
        case .and(let start, let count): return junction("nr_and", start, count)
        case .or(let start, let count): return junction("nr_or", start, count)
        }
    }

    func junction(_ function: String, _ start: Int32, _ count: Int32) -> String {
        let terms = layout.graph.operands[Int(start)..<Int(start + count)].map(expression)
        return terms.dropFirst().reduce(terms.first ?? (function == "nr_and" ? "NR_T" : "NR_F")) { "\(function)(\($0), \($1))" }
    }

    /// Two-valued truth with every fact it reads known (`known(...)` holds): what a
    /// constraint's table and the search's last check ask.
    static func twoValued(_ condition: Condition) -> String {
        switch condition {
        case .constant(let flag): flag ? "1" : "0"
        case .isTrue(let fact): "(v[\(fact)] != 0)"
        case .known: "1"
        case .compare(let fact, let op, let bound): "(v[\(fact)] \(op.rawValue) \(CLayout.int64(bound)))"
        case .member(let fact, let mask): "nr_member(v[\(fact)], UINT64_C(\(mask)))"
        case .not(let inner): "!\(twoValued(inner))"
        case .and(let terms): terms.isEmpty ? "1" : "(" + terms.map(twoValued).joined(separator: " && ") + ")"
        case .or(let terms): terms.isEmpty ? "0" : "(" + terms.map(twoValued).joined(separator: " || ") + ")"
        }
    }
}

/// The generated C's constant tables: the plan the runtime reads (decisions, branches, nodes,
/// outputs), the cells and constraint tables exact evaluation explores, and the names the API
/// answers with. Everything is `static const`, so the program has no mutable global state.
enum CTables {
    static func text(_ layout: CLayout) -> String {
        var out = TableWriter()
        sizes(layout, &out)
        plan(layout, &out)
        nodes(layout, &out)
        results(layout, &out)
        cells(layout, &out)
        constraints(layout, &out)
        exact(layout, &out)
        facts(layout, &out)
        return out.text
    }

    static func sizes(_ layout: CLayout, _ out: inout TableWriter) {
        let graph = layout.graph
        let tables = graph.network.members.compactMap(\.table)
        out.line("#define NR_FACTS \(graph.facts.count)")
        out.line("#define NR_DECISIONS \(layout.keep.count)")
        out.line("#define NR_BRANCHES \(max(1, layout.branchTotal))")
        out.line("#define NR_CONSTRAINTS \(graph.constraints.count)")
        out.line("#define NR_CONSTRAINED \(graph.network.constrainedFacts.count)")
        out.line("#define NR_MAX_WORDS \(max(1, tables.map(\.words).max() ?? 1))")
        out.line("#define NR_MAX_SCOPE \(max(1, graph.network.members.map(\.scope.count).max() ?? 1))")
        out.line("#define NR_DATE_SPANS \(graph.dateSpans.count)")
        out.line("enum { NR_MODE_FIRST, NR_MODE_UNIQUE, NR_MODE_COLLECT, NR_MODE_HIGHEST, NR_MODE_CRITERIA };")
        out.line("enum { NR_NODE_IN_RANGE, NR_NODE_OUTSIDE_RANGE, NR_NODE_MEMBER, NR_NODE_KNOWN, NR_NODE_CONSTANT, NR_NODE_AND, NR_NODE_OR, NR_NODE_NOT };")
        out.line("")
    }

    static func plan(_ layout: CLayout, _ out: inout TableWriter) {
        let graph = layout.graph
        let decisions = layout.keep.map { graph.decisions[$0] }
        let plan = graph.plan
        out.array("int32_t", "nr_derived_by", graph.facts.indices.map { layout.derivedBy($0) })
        out.array("int32_t", "nr_derives", decisions.map { Int($0.derives) })
        var localStart = [0], locals: [Int] = [], names: [String] = []
        for decision in decisions {
            locals += decision.localOutputs.map { Int($0) }
            names += decision.localOutputs.map { decision.outputNames[Int($0)] }
            localStart.append(locals.count)
        }
        out.array("int32_t", "nr_local_start", localStart)
        out.array("int64_t", "nr_local_outputs", locals.map { Int64($0) })
        out.strings("nr_output_names", names)
        out.array("uint8_t", "nr_mode", layout.keep.map { Int(plan.mode[$0].rawValue) })
        out.array("int32_t", "nr_guard_node", decisions.map { Int($0.guardNode) })
        out.array("int32_t", "nr_branch_start", layout.branchStart)
        out.array("int32_t", "nr_branch_count", decisions.map(\.branches.count))
        out.array("uint8_t", "nr_has_otherwise", decisions.map { $0.otherwise == nil ? 0 : 1 })
        out.array("uint64_t", "nr_otherwise_mask", decisions.map { $0.otherwiseMask })
        out.array("int32_t", "nr_otherwise_signature", decisions.map { Int($0.otherwise?.signature ?? -1) })
        let branches = decisions.flatMap(\.branches)
        out.array("int32_t", "nr_branch_node", branches.map { Int($0.node) })
        out.array("uint64_t", "nr_branch_mask", branches.map(\.mask))
        out.array("int32_t", "nr_branch_signature", branches.map { Int($0.signature) })
        out.array("uint8_t", "nr_branch_relative", branches.map { $0.relative ? 1 : 0 })
        out.ragged("nr_reads", decisions.map { decision in
            (decision.guardReads + decision.branches.flatMap(\.reads)).map { Int($0) }.reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } }
        })
    }

    static func nodes(_ layout: CLayout, _ out: inout TableWriter) {
        let exec = layout.graph.nodes.map { node -> ExecNode in
            var made = ExecNode(node)
            if made.kind == .constant { made.low = made.flag ? 1 : 0 }
            return made
        }
        out.array("uint8_t", "nr_node_kind", exec.map { Int($0.kind.rawValue) })
        out.array("int32_t", "nr_node_slot", exec.map { Int($0.slot) })
        out.array("int64_t", "nr_node_low", exec.map(\.low))
        out.array("int64_t", "nr_node_high", exec.map(\.high))
        out.array("int32_t", "nr_operands", layout.graph.operands.map { Int($0) })
    }

    /// Each branch's results (then each decision's `otherwise`, at `NR_BRANCHES + d`): the local
    /// output and strength of every recommendation, and the citations.
    static func results(_ layout: CLayout, _ out: inout TableWriter) {
        let decisions = layout.keep.map { layout.graph.decisions[$0] }
        // A reference: the decision's local outputs, the branch's results, its citations.
        typealias Ref = (locals: [Int32], results: [CheckedResult], cites: [String])
        var refs: [Ref] = decisions.flatMap { d in d.branches.map { (d.localOutputs, $0.results, $0.cites) } }
        if layout.branchTotal == 0 { refs.append(([], [], [])) }
        refs += decisions.map { ($0.localOutputs, $0.otherwise?.results ?? [], $0.otherwise?.cites ?? $0.cites) }
        var start = [0], positions: [Int] = [], strengths: [Int] = []
        for ref in refs {
            for result in ref.results {
                guard let position = ref.locals.firstIndex(of: Int32(result.output)) else { continue }
                positions.append(position)
                strengths.append(result.strength.map { Strength.allCases.firstIndex(of: $0)! + 1 } ?? 0)
            }
            start.append(positions.count)
        }
        out.array("int32_t", "nr_result_start", start)
        out.array("uint8_t", "nr_result_position", positions)
        out.array("uint8_t", "nr_result_strength", strengths)
        out.strings("nr_ref_cites", refs.map { $0.cites.joined(separator: "; ") })
        out.strings("nr_decision_cites", decisions.map { $0.cites.joined(separator: "; ") })
        out.line("static const char *const nr_strength_names[] = {0" + Strength.allCases.map { ", " + CLayout.literal($0.rawValue) }.joined() + "};\n")
    }

    static func cells(_ layout: CLayout, _ out: inout TableWriter) {
        let table = layout.graph.network.cells
        var start = [0], edges: [Int64] = [], reps: [Int64] = [], lows: [Int64] = [], highs: [Int64] = [], flags: [Int] = []
        // Members' cells are the members themselves (cell i holds value i): no search needed.
        let direct = table.cells.map { fact in
            fact.enumerated().allSatisfy { $0.element.shape == .point && $0.element.representative == Int64($0.offset) } ? 1 : 0
        }
        for fact in table.cells {
            for cell in fact {
                edges.append(cell.upperEdge)
                reps.append(cell.representative)
                switch cell.shape {
                case .point:
                    (lows, highs) = (lows + [0], highs + [0])
                    flags.append(1)
                case .interval(let low, let high):
                    lows.append(low ?? 0)
                    highs.append(high ?? 0)
                    flags.append((low == nil ? 0 : 2) | (high == nil ? 0 : 4))
                }
            }
            start.append(edges.count)
        }
        out.array("int32_t", "nr_cell_start", start)
        out.array("int64_t", "nr_cell_edge", edges)
        out.array("int64_t", "nr_cell_rep", reps)
        out.array("int64_t", "nr_cell_low", lows)
        out.array("int64_t", "nr_cell_high", highs)
        out.array("uint8_t", "nr_cell_flags", flags)
        out.array("uint8_t", "nr_cell_direct", direct)
    }

    static func constraints(_ layout: CLayout, _ out: inout TableWriter) {
        let network = layout.graph.network
        var maskStart: [Int] = [], masks: [UInt64] = []
        for member in network.members {
            maskStart.append(masks.count)
            masks += member.table?.masks ?? []
        }
        out.ragged("nr_con_scope", network.members.map(\.scope))
        out.array("int32_t", "nr_con_offset", network.members.flatMap { $0.table?.offsets ?? $0.scope.map { _ in 0 } })
        out.array("uint8_t", "nr_con_has_table", network.members.map { $0.table == nil ? 0 : 1 })
        out.array("int32_t", "nr_con_count", network.members.map { $0.table?.count ?? 0 })
        out.array("int32_t", "nr_con_words", network.members.map { $0.table?.words ?? 1 })
        out.array("int32_t", "nr_con_mask_start", maskStart)
        out.array("uint64_t", "nr_con_masks", masks)
        for (index, member) in network.members.enumerated() {
            out.line("static int nr_holds\(index)(const int64_t *v) { (void)v; return \(CConditions.twoValued(member.condition)); }")
        }
        out.line("static int (*const nr_con_holds[])(const int64_t *) = {" + (network.members.isEmpty ? "0" : network.members.indices.map { "nr_holds\($0)" }.joined(separator: ", ")) + "};")
        out.ragged("nr_by_fact", network.byFact)
        out.array("int32_t", "nr_constrained", network.constrainedFacts)
        out.strings("nr_constraint_ids", layout.graph.constraints.map(\.id))
    }

    /// Per decision, the classes of cells it tells apart of each fact it reads, and the facts
    /// its guard reads through derivations: what `refine` explores.
    static func exact(_ layout: CLayout, _ out: inout TableWriter) {
        let state = ExactState(graph: layout.graph)
        var entryStart = [0], facts: [Int] = [], firsts: [Int] = [], counts: [Int] = [], bits: [UInt64] = []
        for d in layout.keep {
            for (fact, classes) in state.classes(of: d, in: layout.graph).sorted(by: { $0.key < $1.key }) {
                facts.append(fact)
                firsts.append(bits.count)
                counts.append(classes.count)
                bits += classes.map(\.bits)
            }
            entryStart.append(facts.count)
        }
        out.array("int32_t", "nr_class_entry_start", entryStart)
        out.array("int32_t", "nr_class_fact", facts)
        out.array("int32_t", "nr_class_first", firsts)
        out.array("int32_t", "nr_class_count", counts)
        out.array("uint64_t", "nr_class_bits", bits)
        out.ragged("nr_guard_closure", layout.keep.map { state.guardClosure[$0].sorted() })
    }

    static func facts(_ layout: CLayout, _ out: inout TableWriter) {
        let graph = layout.graph
        out.strings("nr_fact_names", graph.facts.map(\.name))
        out.strings("nr_decision_ids", layout.keep.map { graph.decisions[$0].id })
        out.array("uint8_t", "nr_fact_whole", graph.facts.map { $0.isWholeNumber ? 1 : 0 })
        let bounds = graph.facts.map(CFacts.bounds)
        out.array("int64_t", "nr_fact_lowest", bounds.map(\.lowest))
        out.array("int64_t", "nr_fact_highest", bounds.map(\.highest))
        var memberStart = [0], members: [String] = []
        var unitStart = [0], unitNames: [String] = [], factors: [Int64] = []
        for fact in graph.facts {
            members += CFacts.members(fact)
            memberStart.append(members.count)
            for unit in CFacts.units(fact) {
                unitNames.append(unit.name)
                factors.append(unit.factor)
            }
            unitStart.append(unitNames.count)
        }
        out.array("int32_t", "nr_member_start", memberStart)
        out.strings("nr_member_names", members)
        out.array("int32_t", "nr_unit_start", unitStart)
        out.strings("nr_unit_names", unitNames)
        out.array("int64_t", "nr_unit_factor", factors)
        out.array("int64_t", "nr_bare_factor", graph.facts.map(CFacts.bareFactor))
        out.array("uint8_t", "nr_fact_needs_unit", graph.facts.map { CFacts.needsUnit($0) ? 1 : 0 })
        let spans = graph.dateSpans
        out.array("int32_t", "nr_span_slot", spans.map(\.slot))
        out.array("int32_t", "nr_span_from", spans.map(\.from))
        out.array("int32_t", "nr_span_to", spans.map(\.to))
        out.array("uint8_t", "nr_span_months", spans.map { CFacts.unit(graph.facts[$0.slot])?.group == "months" ? 1 : 0 })
        out.array("int64_t", "nr_span_step", spans.map { CFacts.unit(graph.facts[$0.slot])?.factor ?? 1 })
    }
}

/// Appends `static const` arrays, never empty (C has no empty arrays).
struct TableWriter {
    var text = ""

    mutating func line(_ line: String) { text += line + "\n" }

    mutating func array(_ type: String, _ name: String, _ values: [some BinaryInteger]) {
        let items = values.isEmpty ? ["0"] : values.map { value -> String in
            switch type {
            case "int64_t": CLayout.int64(Int64(value))
            case "uint64_t": "UINT64_C(\(value))"
            default: "\(value)"
            }
        }
        text += "static const \(type) \(name)[] = {"
        for (index, item) in items.enumerated() {
            text += (index % 16 == 0 ? "\n    " : " ") + item + ","
        }
        text += "\n};\n"
    }

    /// Rows of different lengths as one flat array and `<name>_start`: row r is
    /// `name[name_start[r] .. name_start[r + 1]]`.
    mutating func ragged(_ name: String, _ rows: [[Int]]) {
        var start = [0], flat: [Int] = []
        for row in rows {
            flat += row
            start.append(flat.count)
        }
        array("int32_t", name + "_start", start)
        array("int32_t", name, flat)
    }

    mutating func strings(_ name: String, _ values: [String]) {
        let items = values.isEmpty ? ["\"\""] : values.map(CLayout.literal)
        text += "static const char *const \(name)[] = {\n" + items.map { "    \($0),\n" }.joined() + "};\n"
    }
}

/// What the C API needs to know of a fact's values.
enum CFacts {
    static func bounds(_ fact: CheckedFact) -> (lowest: Int64, highest: Int64) {
        switch fact.type {
        case .bool: (0, 1)
        case .enumeration(let members, _): (0, Int64(members.count - 1))
        case .number, .quantity: fact.slotBounds
        }
    }

    static func members(_ fact: CheckedFact) -> [String] {
        switch fact.type {
        case .bool: ["false", "true"]
        case .enumeration(let members, _): members
        case .number, .quantity: []
        }
    }

    static func unit(_ fact: CheckedFact) -> Unit? {
        if case .quantity(_, let unit) = fact.type { return unit }
        return nil
    }

    /// The units a value of the fact may be written in: its unit group's, and its equivalences.
    static func units(_ fact: CheckedFact) -> [Unit] {
        guard case .quantity(let dimension, let declared) = fact.type, dimension != .date else { return [] }
        let own = Unit.units(of: dimension).filter { declared == nil || $0.group == declared!.group }
        return own + fact.equivalentUnits
    }

    static func bareFactor(_ fact: CheckedFact) -> Int64 { unit(fact)?.factor ?? 1 }

    static func needsUnit(_ fact: CheckedFact) -> Bool {
        if case .quantity(let dimension, _) = fact.type { return dimension.requiresUnit }
        return false
    }
}

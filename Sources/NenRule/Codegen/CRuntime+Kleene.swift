extension CRuntime {
    /// Kleene truth of the node tables (the case record's view of conditions) and the needs of an undetermined decision.
    static let kleene = #"""
/* ---- Kleene truth of the node tables, and needs --------------------------------------------- */

static unsigned nr_node_truth(nenrule_case *c, int node) {
    int kind = nr_node_kind[node], slot = nr_node_slot[node];
    switch (kind) {
    case NR_NODE_CONSTANT: return nr_node_low[node] ? NR_T : NR_F;
    case NR_NODE_KNOWN:
        if (nr_derived_by[slot] >= 0) return nr_value(c, slot) != NENRULE_UNKNOWN ? NR_T : NR_F;
        return nr_known_base(c, slot);
    case NR_NODE_IN_RANGE: case NR_NODE_OUTSIDE_RANGE: {
        int64_t v = nr_value(c, slot);
        int inside = (uint64_t)v - (uint64_t)nr_node_low[node] <= (uint64_t)nr_node_high[node] - (uint64_t)nr_node_low[node]; /* unsigned: no overflow */
        return nr_test(v, inside != (kind == NR_NODE_OUTSIDE_RANGE));
    }
    case NR_NODE_MEMBER: { int64_t v = nr_value(c, slot); return nr_test(v, nr_member(v, (uint64_t)nr_node_low[node])); }
    case NR_NODE_NOT: return nr_not(nr_node_truth(c, slot));
    default: {
        unsigned result = kind == NR_NODE_AND ? NR_T : NR_F;
        for (int k = slot; k < slot + nr_node_high[node]; k++) {
            unsigned t = nr_node_truth(c, nr_operands[k]);
            result = kind == NR_NODE_AND ? nr_and(result, t) : nr_or(result, t);
        }
        return result;
    }
    }
}

static const uint64_t *nr_needs(nenrule_case *c, int d);

static inline void nr_want(uint64_t *set, int slot) { set[slot / 64] |= (uint64_t)1 << (slot % 64); }

static void nr_collect_slot(nenrule_case *c, uint64_t *set, int slot) {
    nr_want(set, slot);
    int by = nr_derived_by[slot];
    if (by < 0 || c->value[slot] != NENRULE_UNKNOWN || c->decision_epoch[by] != c->epoch
        || c->status[by] != NENRULE_UNDETERMINED || c->needs_busy[by]) return;
    const uint64_t *inner = nr_needs(c, by);
    for (int w = 0; w < NR_FACT_WORDS; w++) set[w] |= inner[w];
}

static void nr_collect_node(nenrule_case *c, uint64_t *set, int node) {
    if (nr_node_truth(c, node) != NR_U) return;
    int kind = nr_node_kind[node], slot = nr_node_slot[node];
    switch (kind) {
    case NR_NODE_CONSTANT: case NR_NODE_KNOWN: return;
    case NR_NODE_IN_RANGE: case NR_NODE_OUTSIDE_RANGE: case NR_NODE_MEMBER: nr_collect_slot(c, set, slot); return;
    case NR_NODE_NOT: nr_collect_node(c, set, slot); return;
    default: for (int k = slot; k < slot + nr_node_high[node]; k++) nr_collect_node(c, set, nr_operands[k]);
    }
}

/* The missing facts under the unknown conditions that keep decision d open. */
static const uint64_t *nr_needs(nenrule_case *c, int d) {
    uint64_t *set = c->needs[d];
    if (c->needs_epoch[d] == c->epoch) return set;
    memset(set, 0, sizeof c->needs[d]);
    if (c->status[d] != NENRULE_UNDETERMINED || c->decision_epoch[d] != c->epoch) return set;
    c->needs_busy[d] = 1;
    if (c->guard[d] == NR_U) nr_collect_node(c, set, nr_guard_node[d]);
    int start = nr_branch_start[d], end = start + nr_branch_count[d];
    if (c->mask[d] == 0 && c->guard[d] == NR_T) {
        for (int k = nr_reads_start[d]; k < nr_reads_start[d + 1]; k++)
            if (c->value[nr_reads[k]] == NENRULE_UNKNOWN) nr_collect_slot(c, set, nr_reads[k]);
    } else if (nr_mode[d] == NR_MODE_CRITERIA) {
        int absolute_open = 0;
        for (int b = start; b < end; b++) absolute_open |= !nr_branch_relative[b] && c->branch_truth[b] == NR_U;
        for (int b = start; b < end; b++)
            if ((absolute_open || nr_branch_relative[b]) && c->branch_truth[b] == NR_U) nr_collect_node(c, set, nr_branch_node[b]);
    } else if (nr_mode[d] == NR_MODE_FIRST || nr_mode[d] == NR_MODE_UNIQUE) {
        for (int b = start; b < end; b++) {
            if (c->branch_truth[b] == NR_T) break;
            if (c->branch_truth[b] == NR_U) nr_collect_node(c, set, nr_branch_node[b]);
        }
    } else if (nr_mode[d] == NR_MODE_COLLECT) {
        uint64_t held = 0; int trues = 0;
        for (int b = start; b < end; b++) if (c->branch_truth[b] == NR_T) { held |= nr_branch_mask[b]; trues++; }
        for (int b = start; b < end; b++)
            if (c->branch_truth[b] == NR_U && (trues == 0 || nr_collect_open(c, d, b, held))) nr_collect_node(c, set, nr_branch_node[b]);
    } else {
        int best = -1;
        for (int b = start; b < end; b++) if (c->branch_truth[b] == NR_T && nr_rank(nr_branch_mask[b]) > best) best = nr_rank(nr_branch_mask[b]);
        for (int b = start; b < end; b++)
            if (c->branch_truth[b] == NR_U && nr_highest_open(c, d, b, best)) nr_collect_node(c, set, nr_branch_node[b]);
    }
    c->needs_busy[d] = 0;
    c->needs_epoch[d] = c->epoch;
    return set;
}


"""#
}

/// The part of the generated C that is the same for every rule set: the case record, Kleene
/// truth, the hit policies' settling, derivation on demand, and exact evaluation over the
/// constraints (narrowing, the search for a whole case, the exploration of completions) — each
/// a port of the interpreter's, reading the tables `CEmitter` writes before it. The decisions
/// themselves are straight-line functions written after it.
enum CRuntime {
    /// What the tables' constraint functions use, written before them.
    static let prelude = """
    /* Whether an enum or boolean value is one of the members in `mask` (bit per member index). */
    static inline int nr_member(int64_t v, uint64_t mask) { return (uint64_t)v < 64 && ((mask >> (uint64_t)v) & 1u); }


    """

    static let source = #"""
/* ---- runtime: the same for every rule set ------------------------------------------------ */

#define NR_T 1u /* Kleene truth as two bits: may be true, may be false */
#define NR_F 2u
#define NR_U 3u
#define NR_OTHERWISE_BIT 63
#define NR_EXACT_BUDGET 4096
#define NR_SEARCH_BUDGET 2000
#define NR_SUPPORT_BUDGET 20000
#define NR_FACT_WORDS ((NR_FACTS + 63) / 64)
/* Helpers a rule set may not use; clang warns of unused static inline functions, gcc does not. */
#if defined(__GNUC__) || defined(__clang__)
#define NR_MAY_BE_UNUSED __attribute__((unused))
#define NR_COLD __attribute__((noinline, cold))
#else
#define NR_MAY_BE_UNUSED
#define NR_COLD
#endif

typedef struct nr_memo nr_memo;

struct nenrule_case {
    int64_t value[NR_FACTS];
    uint8_t listed[NR_FACTS];
    int32_t written[NR_FACTS];
    int32_t written_count;
    uint32_t epoch;
    uint32_t decision_epoch[NR_DECISIONS];
    uint32_t derived_epoch[NR_FACTS];
    uint8_t in_progress[NR_DECISIONS];
    uint8_t status[NR_DECISIONS];
    uint8_t guard[NR_DECISIONS];
    uint64_t mask[NR_DECISIONS];
    /* Deciding branches: bit k for branch k, bit 63 for `otherwise`; a criteria set's answer. */
    uint64_t taken[NR_DECISIONS];
    uint8_t branch_truth[NR_BRANCHES];
    uint32_t approximate_epoch[NR_DECISIONS];
    /* Needs of undetermined decisions, as slot bit sets, for choosing what to split. */
    uint32_t needs_epoch[NR_DECISIONS];
    uint8_t needs_busy[NR_DECISIONS];
    uint64_t needs[NR_DECISIONS][NR_FACT_WORDS];
    /* The case's narrowing by the constraints, made once per case. */
    uint32_t narrowing_epoch;
    int narrowing_conflict;
    uint64_t narrowing[NR_FACTS];
    /* A scratch case answers with Kleene logic alone; `known(x)` of a base fact holds only
       when it is on record (given, or split by the exploration). */
    int scratch;
    uint8_t recorded[NR_FACTS];
    struct nenrule_case *helper;
    /* What the constraints said of domains, and exact answers, kept across cases (see nr_memo). */
    nr_memo *memo;
    int error;
    char message[512];
};

NR_MAY_BE_UNUSED static inline unsigned nr_not(unsigned a) { return ((a & 1u) << 1) | ((a & 2u) >> 1); }
NR_MAY_BE_UNUSED static inline unsigned nr_and(unsigned a, unsigned b) { return ((a & b) & 1u) | ((a | b) & 2u); }
NR_MAY_BE_UNUSED static inline unsigned nr_or(unsigned a, unsigned b) { return ((a | b) & 1u) | ((a & b) & 2u); }
static inline unsigned nr_test(int64_t v, int holds) { return v == NENRULE_UNKNOWN ? NR_U : (holds ? NR_T : NR_F); }
NR_MAY_BE_UNUSED static inline unsigned nr_is_true(int64_t v) { return nr_test(v, v != 0); }
NR_MAY_BE_UNUSED static inline unsigned nr_eq(int64_t v, int64_t x) { return nr_test(v, v == x); }
NR_MAY_BE_UNUSED static inline unsigned nr_ne(int64_t v, int64_t x) { return nr_test(v, v != x); }
NR_MAY_BE_UNUSED static inline unsigned nr_lt(int64_t v, int64_t x) { return nr_test(v, v < x); }
NR_MAY_BE_UNUSED static inline unsigned nr_le(int64_t v, int64_t x) { return nr_test(v, v <= x); }
NR_MAY_BE_UNUSED static inline unsigned nr_gt(int64_t v, int64_t x) { return nr_test(v, v > x); }
NR_MAY_BE_UNUSED static inline unsigned nr_ge(int64_t v, int64_t x) { return nr_test(v, v >= x); }
NR_MAY_BE_UNUSED static inline unsigned nr_in(int64_t v, uint64_t mask) { return nr_test(v, nr_member(v, mask)); }
NR_MAY_BE_UNUSED static inline unsigned nr_known(int64_t v) { return v != NENRULE_UNKNOWN ? NR_T : NR_F; }
static inline int nr_popcount(uint64_t x) { return __builtin_popcountll(x); }
static inline int nr_ctz(uint64_t x) { return __builtin_ctzll(x); }

static void nr_run(nenrule_case *c, int d);
static void nr_refine_memoised(nenrule_case *c, int d);

static inline void nr_write(nenrule_case *c, int slot, int64_t v) {
    if (!c->listed[slot]) {
        c->listed[slot] = 1;
        c->written[c->written_count++] = slot;
    }
    c->value[slot] = v;
}

/* Fills a derived slot from its decision, at most once per case. */
static int64_t nr_derive(nenrule_case *c, int slot, int by) {
    if (c->in_progress[by] || c->derived_epoch[slot] == c->epoch) return c->value[slot];
    c->derived_epoch[slot] = c->epoch;
    nr_run(c, by);
    uint64_t m = c->mask[by];
    if (c->status[by] == NENRULE_DECIDED && m != 0 && (m & (m - 1)) == 0)
        nr_write(c, slot, nr_local_outputs[nr_local_start[by] + nr_ctz(m)]);
    return c->value[slot];
}

/* A derived slot's value, deriving it when the case did not give it. */
static inline int64_t nr_dv(nenrule_case *c, int slot, int by) {
    int64_t v = c->value[slot];
    return v != NENRULE_UNKNOWN ? v : nr_derive(c, slot, by);
}

static inline int64_t nr_value(nenrule_case *c, int slot) {
    int by = nr_derived_by[slot];
    return by >= 0 ? nr_dv(c, slot, by) : c->value[slot];
}

/* `known(x)` of a base fact (see `scratch`). */
static inline unsigned nr_known_base(const nenrule_case *c, int slot) {
    return c->value[slot] != NENRULE_UNKNOWN && (!c->scratch || c->recorded[slot]) ? NR_T : NR_F;
}

static inline void nr_set_result(nenrule_case *c, int d, unsigned status, uint64_t mask) {
    c->status[d] = (uint8_t)status;
    c->mask[d] = mask;
}

static inline uint64_t nr_ref_bit(int ref) { return ref < 0 ? (uint64_t)1 << NR_OTHERWISE_BIT : (uint64_t)1 << ref; }

/* `first` and `unique` after the branches up to the winner: every possible path must give the
   same outcomes with the same strengths. */
static inline void nr_settle_first(nenrule_case *c, int d, int winner, int candidates, int all_same,
                                   uint64_t first, uint64_t all, int first_candidate, int32_t first_signature) {
    if (winner < 0 && nr_has_otherwise[d]) {
        if (candidates == 0) { first = nr_otherwise_mask[d]; first_candidate = -1; }
        else if (nr_otherwise_signature[d] != first_signature) all_same = 0;
        all |= nr_otherwise_mask[d];
        candidates++;
    }
    int gap = winner < 0 && !nr_has_otherwise[d];
    if (candidates == 0 || gap || !all_same) { nr_set_result(c, d, NENRULE_UNDETERMINED, all); return; }
    int by = winner >= 0 ? winner : nr_has_otherwise[d] ? -1 : first_candidate;
    nr_set_result(c, d, NENRULE_DECIDED, first);
    c->taken[d] = nr_ref_bit(by);
}

static inline void nr_settle_otherwise(nenrule_case *c, int d) {
    if (!nr_has_otherwise[d]) { nr_set_result(c, d, NENRULE_UNDETERMINED, 0); return; }
    nr_set_result(c, d, NENRULE_DECIDED, nr_otherwise_mask[d]);
    c->taken[d] = nr_ref_bit(-1);
}

/* Whether a true branch accepted by `rank` (-1: any) has the same results as branch b. */
static int nr_shares_results(const nenrule_case *c, int d, int b, int rank) {
    int start = nr_branch_start[d], end = start + nr_branch_count[d];
    for (int k = start; k < end; k++) {
        if (c->branch_truth[k] != NR_T || nr_branch_signature[k] != nr_branch_signature[b]) continue;
        if (rank < 0 || 63 - __builtin_clzll(nr_branch_mask[k]) == rank) return 1;
    }
    return 0;
}

static inline int nr_rank(uint64_t mask) { return mask == 0 ? -1 : 63 - __builtin_clzll(mask); }

static inline int nr_collect_open(const nenrule_case *c, int d, int b, uint64_t held) {
    return (nr_branch_mask[b] & ~held) != 0 || !nr_shares_results(c, d, b, -1);
}

static inline int nr_highest_open(const nenrule_case *c, int d, int b, int best) {
    int rank = nr_rank(nr_branch_mask[b]);
    return rank > best || (rank == best && !nr_shares_results(c, d, b, best));
}

/* Every true branch contributes; an unknown one that could add an outcome keeps it open. */
static inline void nr_settle_collect(nenrule_case *c, int d) {
    int start = nr_branch_start[d], end = start + nr_branch_count[d], trues = 0, any_open = 0;
    uint64_t held = 0, open = 0, taken = 0;
    for (int b = start; b < end; b++)
        if (c->branch_truth[b] == NR_T) { held |= nr_branch_mask[b]; trues++; taken |= nr_ref_bit(b - start); }
    for (int b = start; b < end; b++)
        if (c->branch_truth[b] == NR_U && (trues == 0 || nr_collect_open(c, d, b, held))) { open |= nr_branch_mask[b]; any_open = 1; }
    if (any_open) nr_set_result(c, d, NENRULE_UNDETERMINED, held | open | (trues == 0 ? nr_otherwise_mask[d] : 0));
    else if (trues > 0) { nr_set_result(c, d, NENRULE_DECIDED, held); c->taken[d] = taken; }
    else nr_settle_otherwise(c, d);
}

/* The highest output among true branches, unless an unknown branch could give a higher one. */
static inline void nr_settle_highest(nenrule_case *c, int d) {
    int start = nr_branch_start[d], end = start + nr_branch_count[d], best = -1, any_unknown = 0;
    for (int b = start; b < end; b++) {
        unsigned t = c->branch_truth[b];
        if (t == NR_T) { int r = nr_rank(nr_branch_mask[b]); if (r > best) best = r; }
        else if (t == NR_U) any_unknown = 1;
    }
    uint64_t higher = 0;
    if (any_unknown)
        for (int b = start; b < end; b++)
            if (c->branch_truth[b] == NR_U && nr_highest_open(c, d, b, best)) higher |= (uint64_t)1 << nr_rank(nr_branch_mask[b]);
    if (higher != 0) {
        nr_set_result(c, d, NENRULE_UNDETERMINED, higher | (best >= 0 ? (uint64_t)1 << best : nr_otherwise_mask[d]));
    } else if (best >= 0) {
        uint64_t taken = 0;
        for (int b = start; b < end; b++)
            if (c->branch_truth[b] == NR_T && nr_rank(nr_branch_mask[b]) == best) taken |= nr_ref_bit(b - start);
        nr_set_result(c, d, NENRULE_DECIDED, (uint64_t)1 << best);
        c->taken[d] = taken;
    } else {
        nr_settle_otherwise(c, d);
    }
}

/* met / met_except_relative / not_met from absolute and relative criteria. */
static inline void nr_settle_criteria(nenrule_case *c, int d) {
    int start = nr_branch_start[d], end = start + nr_branch_count[d];
    int absolute_false = 0, absolute_unknown = 0, relative_false = 0, relative_unknown = 0;
    for (int b = start; b < end; b++) {
        unsigned t = c->branch_truth[b];
        if (nr_branch_relative[b]) { relative_false |= t == NR_F; relative_unknown |= t == NR_U; }
        else { absolute_false |= t == NR_F; absolute_unknown |= t == NR_U; }
    }
    if (absolute_false) { nr_set_result(c, d, NENRULE_DECIDED, 4); c->taken[d] = 1u << 2; return; }
    uint64_t relative = relative_false ? 2 : relative_unknown ? 3 : 1;
    if (absolute_unknown) nr_set_result(c, d, NENRULE_UNDETERMINED, relative | 4);
    else if ((relative & (relative - 1)) == 0) { nr_set_result(c, d, NENRULE_DECIDED, relative); c->taken[d] = relative; }
    else nr_set_result(c, d, NENRULE_UNDETERMINED, relative);
}

/* After the policy: an open guard recommends nothing yet. */
static inline void nr_after_policy(nenrule_case *c, int d, unsigned guard) {
    if (guard == NR_U) { c->status[d] = NENRULE_UNDETERMINED; c->taken[d] = 0; }
}

/* Starts a new case: every slot unknown, every memo stale. */
static void nr_reset(nenrule_case *c) {
    for (int k = 0; k < c->written_count; k++) {
        int slot = c->written[k];
        c->value[slot] = NENRULE_UNKNOWN;
        c->listed[slot] = 0;
    }
    c->written_count = 0;
    c->error = 0;
    c->message[0] = 0;
    if (++c->epoch >= (1u << 30)) {
        memset(c->decision_epoch, 0, sizeof c->decision_epoch);
        memset(c->derived_epoch, 0, sizeof c->derived_epoch);
        memset(c->needs_epoch, 0, sizeof c->needs_epoch);
        memset(c->approximate_epoch, 0, sizeof c->approximate_epoch);
        c->narrowing_epoch = 0;
        c->epoch = 1;
    }
}

/* Evaluates one decision, once per case; undetermined answers are settled exactly. */
static void nr_run(nenrule_case *c, int d) {
    if (c->decision_epoch[d] == c->epoch) return;
    c->in_progress[d] = 1;
    c->taken[d] = 0;
    nr_decide[d](c);
    if (c->status[d] == NENRULE_UNDETERMINED && !c->scratch) nr_refine_memoised(c, d);
    c->in_progress[d] = 0;
    c->decision_epoch[d] = c->epoch;
}

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
        int inside = (uint64_t)(v - nr_node_low[node]) <= (uint64_t)(nr_node_high[node] - nr_node_low[node]);
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

/* ---- cells and constraints ---------------------------------------------------------------- */

static inline int nr_cell_count(int fact) { return nr_cell_start[fact + 1] - nr_cell_start[fact]; }
static inline int nr_explorable(int fact) { return nr_cell_count(fact) <= 64; }
static inline uint64_t nr_full(int fact) {
    int n = nr_cell_count(fact);
    return n >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;
}
static inline int64_t nr_representative(int fact, int cell) { return nr_cell_rep[nr_cell_start[fact] + cell]; }

/* The cell holding a value, or -1 outside every cell. */
static int nr_cell_of(int fact, int64_t v) {
    int count = nr_cell_count(fact);
    if (nr_cell_direct[fact]) return (uint64_t)v < (uint64_t)count ? (int)v : -1;
    /* The first cell whose upper edge is not below v, by a search without branches on the data
       (values are random, so branches on them mispredict). */
    const int64_t *edges = nr_cell_edge + nr_cell_start[fact], *at = edges;
    if (count == 0) return -1;
    for (int n = count; n > 1; n -= n / 2) at = at[n / 2 - 1] < v ? at + n / 2 : at;
    int low = (int)(at - edges) + (*at < v);
    if (low >= count) return -1;
    int k = nr_cell_start[fact] + low, flags = nr_cell_flags[k];
    if (flags & 1) return v == nr_cell_rep[k] ? low : -1;
    if ((flags & 2) && !(v > nr_cell_low[k])) return -1;
    if ((flags & 4) && !(v < nr_cell_high[k])) return -1;
    return low;
}

static inline uint64_t nr_single(int cell) { return cell >= 0 && cell < 64 ? (uint64_t)1 << cell : 0; }

/* The satisfying tuples of constraint k whose every cell lies in `domains`. */
static void nr_within(int k, const uint64_t *domains, uint64_t *result) {
    int words = nr_con_words[k], count = nr_con_count[k];
    for (int w = 0; w < words; w++) result[w] = ~(uint64_t)0;
    if (count % 64 != 0) result[words - 1] = ((uint64_t)1 << (count % 64)) - 1;
    if (count == 0) result[0] = 0;
    uint64_t uni[NR_MAX_WORDS] = {0};
    for (int place = nr_con_scope_start[k]; place < nr_con_scope_start[k + 1]; place++) {
        for (int w = 0; w < words; w++) uni[w] = 0;
        uint64_t rest = domains[nr_con_scope[place]];
        while (rest != 0) {
            int start = nr_con_mask_start[k] + (nr_con_offset[place] + nr_ctz(rest)) * words;
            rest &= rest - 1;
            for (int w = 0; w < words; w++) uni[w] |= nr_con_masks[start + w];
        }
        for (int w = 0; w < words; w++) result[w] &= uni[w];
    }
}

/* Per scope position, the cells some satisfying tuple within `domains` gives that fact. */
static void nr_supports(int k, const uint64_t *domains, uint64_t *supported) {
    uint64_t tuples[NR_MAX_WORDS] = {0};
    nr_within(k, domains, tuples);
    int words = nr_con_words[k];
    for (int place = nr_con_scope_start[k]; place < nr_con_scope_start[k + 1]; place++) {
        uint64_t found = 0, rest = domains[nr_con_scope[place]];
        while (rest != 0) {
            int cell = nr_ctz(rest);
            rest &= rest - 1;
            int start = nr_con_mask_start[k] + (nr_con_offset[place] + cell) * words;
            for (int w = 0; w < words; w++) if (tuples[w] & nr_con_masks[start + w]) { found |= (uint64_t)1 << cell; break; }
        }
        supported[place - nr_con_scope_start[k]] = found;
    }
}

static int nr_entailed(int k, const uint64_t *domains) {
    uint64_t total = 1;
    for (int place = nr_con_scope_start[k]; place < nr_con_scope_start[k + 1]; place++) {
        total *= (uint64_t)nr_popcount(domains[nr_con_scope[place]]);
        if (total > (uint64_t)nr_con_count[k]) return 0;
    }
    uint64_t tuples[NR_MAX_WORDS] = {0}, found = 0;
    nr_within(k, domains, tuples);
    for (int w = 0; w < nr_con_words[k]; w++) found += (uint64_t)nr_popcount(tuples[w]);
    return found == total;
}

/* Tries every assignment of the scope's facts at places `place..` until the constraint holds. */
static int nr_any_assignment(int k, int place, int skip, const uint64_t *domains, int64_t *values) {
    if (place == nr_con_scope_start[k + 1]) return nr_con_holds[k](values);
    int fact = nr_con_scope[place];
    if (fact == skip) return nr_any_assignment(k, place + 1, skip, domains, values);
    for (uint64_t rest = domains[fact]; rest != 0; rest &= rest - 1) {
        values[fact] = nr_representative(fact, nr_ctz(rest));
        if (nr_any_assignment(k, place + 1, skip, domains, values)) return 1;
    }
    return 0;
}

/* Whether constraint k (one without a table) admits `fact` in `cell`. */
static int nr_supported(int k, int fact, int cell, const uint64_t *domains) {
    uint64_t size = 1;
    for (int place = nr_con_scope_start[k]; place < nr_con_scope_start[k + 1]; place++) {
        int other = nr_con_scope[place];
        if (other == fact) continue;
        if (!nr_explorable(other)) return 1;
        int n = nr_popcount(domains[other]);
        size *= (uint64_t)(n > 1 ? n : 1);
        if (size > NR_SUPPORT_BUDGET) return 1;
    }
    int64_t values[NR_FACTS];
    values[fact] = nr_representative(fact, cell);
    return nr_any_assignment(k, nr_con_scope_start[k], fact, domains, values);
}

static int nr_holds_on_singles(int k, const uint64_t *domains) {
    int64_t values[NR_FACTS];
    for (int place = nr_con_scope_start[k]; place < nr_con_scope_start[k + 1]; place++) {
        int fact = nr_con_scope[place];
        values[fact] = nr_representative(fact, nr_popcount(domains[fact]) == 1 ? nr_ctz(domains[fact]) : 0);
    }
    return nr_con_holds[k](values);
}

/* Narrows `domains` to the fixpoint from the constraints in `queue` (all when null); returns the
   constraint left without a satisfying assignment, or -1. */
static int nr_propagate(uint64_t *domains, const int32_t *queue, int queued_count) {
    int32_t pending[NR_CONSTRAINTS + 1];
    uint8_t queued[NR_CONSTRAINTS + 1];
    int top = 0;
    memset(queued, 0, sizeof queued);
    if (queue) for (int i = 0; i < queued_count; i++) { pending[top++] = queue[i]; queued[queue[i]] = 1; }
    else for (int i = 0; i < NR_CONSTRAINTS; i++) { pending[top++] = i; queued[i] = 1; }
    while (top > 0) {
        int k = pending[--top];
        queued[k] = 0;
        uint64_t supports[NR_MAX_SCOPE];
        if (nr_con_has_table[k]) nr_supports(k, domains, supports);
        int all_single = 1;
        for (int place = nr_con_scope_start[k]; place < nr_con_scope_start[k + 1]; place++) {
            int fact = nr_con_scope[place];
            if (!nr_explorable(fact)) continue;
            uint64_t before = domains[fact], after = before;
            if (nr_con_has_table[k]) after &= supports[place - nr_con_scope_start[k]];
            else for (uint64_t rest = before; rest != 0; rest &= rest - 1)
                if (!nr_supported(k, fact, nr_ctz(rest), domains)) after &= ~((uint64_t)1 << nr_ctz(rest));
            if (after == before) continue;
            domains[fact] = after;
            if (after == 0) return k;
            for (int j = nr_by_fact_start[fact]; j < nr_by_fact_start[fact + 1]; j++) {
                int other = nr_by_fact[j];
                if (other != k && !queued[other]) { queued[other] = 1; pending[top++] = other; }
            }
        }
        for (int place = nr_con_scope_start[k]; place < nr_con_scope_start[k + 1]; place++)
            if (nr_popcount(domains[nr_con_scope[place]]) != 1) { all_single = 0; break; }
        if (all_single && !nr_holds_on_singles(k, domains)) return k;
    }
    return -1;
}

enum { NR_NONE = 0, NR_FOUND = 1, NR_UNDECIDED = 2 };

/* Whether every constraint holds for every tuple within `domains`. */
static int nr_all_entailed(const uint64_t *domains) {
    for (int k = 0; k < NR_CONSTRAINTS; k++) {
        int explorable = 1;
        for (int place = nr_con_scope_start[k]; place < nr_con_scope_start[k + 1]; place++) explorable &= nr_explorable(nr_con_scope[place]);
        if (!explorable) continue;
        if (!nr_con_has_table[k] || !nr_entailed(k, domains)) return 0;
    }
    return 1;
}

/* A search for a whole satisfying assignment, one constrained fact at a time; on success `box`
   holds domains every tuple of which satisfies every constraint. */
static int nr_search(const uint64_t *domains, int conflict, int *left, uint64_t *box) {
    if (conflict >= 0) return NR_NONE;
    if (--*left < 0) return NR_UNDECIDED;
    if (nr_all_entailed(domains)) { memcpy(box, domains, NR_FACTS * sizeof *box); return NR_FOUND; }
    int fact = -1, fewest = 65;
    for (int i = 0; i < NR_CONSTRAINED; i++) {
        int f = nr_constrained[i], n = nr_popcount(domains[f]);
        if (n > 1 && n < fewest) { fewest = n; fact = f; }
    }
    if (fact < 0) {
        for (int k = 0; k < NR_CONSTRAINTS; k++) {
            int explorable = 1;
            for (int place = nr_con_scope_start[k]; place < nr_con_scope_start[k + 1]; place++) explorable &= nr_explorable(nr_con_scope[place]);
            if (explorable && !nr_holds_on_singles(k, domains)) return NR_NONE;
        }
        memcpy(box, domains, NR_FACTS * sizeof *box);
        return NR_FOUND;
    }
    int undecided = 0;
    for (uint64_t rest = domains[fact]; rest != 0; rest &= rest - 1) {
        uint64_t next[NR_FACTS];
        memcpy(next, domains, sizeof next);
        next[fact] = (uint64_t)1 << nr_ctz(rest);
        int inner = nr_propagate(next, nr_by_fact + nr_by_fact_start[fact], nr_by_fact_start[fact + 1] - nr_by_fact_start[fact]);
        int found = nr_search(next, inner, left, box);
        if (found == NR_FOUND) return NR_FOUND;
        if (found == NR_UNDECIDED) undecided = 1;
    }
    return undecided ? NR_UNDECIDED : NR_NONE;
}

static int nr_solve(const uint64_t *domains, uint64_t *box) {
    uint64_t narrowed[NR_FACTS];
    memcpy(narrowed, domains, sizeof narrowed);
    int left = NR_SEARCH_BUDGET;
    return nr_search(narrowed, nr_propagate(narrowed, 0, 0), &left, box);
}

/* ---- memos: what the constraints say of domains, and exact answers ------------------------- */

/* Propagation and the search read only the constrained facts, so their domains are the key.
   Both tables are direct-mapped: a colliding entry is overwritten. */
#define NR_DOMAIN_SLOTS 1024
#define NR_WIDTH (NR_CONSTRAINED > 0 ? NR_CONSTRAINED : 1)
#define NR_WITNESSES 32
#define NR_ANSWER_SLOTS 16384
#define NR_ANSWER_KEY 32

typedef struct {
    uint64_t hash;
    int32_t kind;   /* 0 empty, 1 a narrowing, 2 a search */
    int32_t result; /* the broken constraint or -1; or NR_NONE / NR_FOUND / NR_UNDECIDED */
    uint64_t key[NR_WIDTH];
    uint64_t narrowed[NR_WIDTH];
} nr_domain_entry;

/* An exact answer is a function of the decision and the cells of the given facts (every
   condition and constraint is constant on a cell), so a case that repeats another's cells —
   most cases of a registry do — reuses its answer instead of exploring again. */
typedef struct {
    uint64_t hash;
    int32_t d;      /* -1: empty */
    int32_t length;
    uint32_t key[NR_ANSWER_KEY]; /* slot << 16 | cell of each given fact, ascending */
    uint64_t mask, taken;
    uint8_t status, guard, approximate;
} nr_answer_entry;

struct nr_memo {
    nr_domain_entry domains[NR_DOMAIN_SLOTS];
    /* Recent solution boxes: domains that meet one in every constrained fact are satisfiable
       (the leaves of one exploration differ in a few facts), without a search. */
    uint64_t witness[NR_WITNESSES][NR_WIDTH];
    int witnesses, next_witness;
    nr_answer_entry answers[NR_ANSWER_SLOTS];
};

/* The case's memo, made on first use; null when memory is short (everything is then computed). */
static nr_memo *nr_memo_of(nenrule_case *c) {
    if (!c->memo && (c->memo = (nr_memo *)malloc(sizeof *c->memo))) {
        for (int i = 0; i < NR_DOMAIN_SLOTS; i++) c->memo->domains[i].kind = 0;
        for (int i = 0; i < NR_ANSWER_SLOTS; i++) c->memo->answers[i].d = -1;
        c->memo->witnesses = c->memo->next_witness = 0;
    }
    return c->memo;
}

static inline uint64_t nr_mix(uint64_t h, uint64_t word) { h ^= word; h *= 0xff51afd7ed558ccdu; return h ^ (h >> 32); }

/* The entry for `domains` in table `kind`, and whether it holds them. */
static nr_domain_entry *nr_domain_entry_for(nr_memo *m, const uint64_t *domains, int kind, int *hit) {
    uint64_t key[NR_WIDTH] = {0}, hash = 0x9e3779b97f4a7c15u ^ (uint64_t)kind;
    for (int i = 0; i < NR_CONSTRAINED; i++) { key[i] = domains[nr_constrained[i]]; hash = nr_mix(hash, key[i]); }
    nr_domain_entry *e = &m->domains[hash & (NR_DOMAIN_SLOTS - 1)];
    *hit = e->kind == kind && e->hash == hash && memcmp(e->key, key, sizeof key) == 0;
    if (!*hit) { e->kind = kind; e->hash = hash; memcpy(e->key, key, sizeof key); }
    return e;
}

/* Narrows `domains` by every constraint to the fixpoint; returns the broken constraint or -1. */
static int nr_narrow(nr_memo *m, uint64_t *domains) {
    if (!m) return nr_propagate(domains, 0, 0);
    int hit;
    nr_domain_entry *e = nr_domain_entry_for(m, domains, 1, &hit);
    if (!hit) {
        e->result = nr_propagate(domains, 0, 0);
        for (int i = 0; i < NR_CONSTRAINED; i++) e->narrowed[i] = domains[nr_constrained[i]];
    } else {
        for (int i = 0; i < NR_CONSTRAINED; i++) domains[nr_constrained[i]] = e->narrowed[i];
    }
    return e->result;
}

/* Whether the constraints admit a whole case within `domains`: NR_NONE, NR_FOUND or NR_UNDECIDED. */
static int nr_satisfiable(nr_memo *m, const uint64_t *domains) {
    uint64_t box[NR_FACTS];
    if (!m) return nr_solve(domains, box);
    for (int w = 0; w < m->witnesses; w++) {
        int inside = 1;
        for (int i = 0; i < NR_CONSTRAINED && inside; i++) inside = (m->witness[w][i] & domains[nr_constrained[i]]) != 0;
        if (inside) return NR_FOUND;
    }
    int hit;
    nr_domain_entry *e = nr_domain_entry_for(m, domains, 2, &hit);
    if (hit) return e->result;
    e->result = nr_solve(domains, box);
    if (e->result == NR_FOUND) {
        for (int i = 0; i < NR_CONSTRAINED; i++) m->witness[m->next_witness][i] = box[nr_constrained[i]];
        m->next_witness = (m->next_witness + 1) % NR_WITNESSES;
        if (m->witnesses < NR_WITNESSES) m->witnesses++;
    }
    return e->result;
}

/* The case's facts as cells, narrowed by the constraints; once per case. */
static const uint64_t *nr_case_narrowing(nenrule_case *c) {
    if (c->narrowing_epoch != c->epoch) {
        c->narrowing_epoch = c->epoch;
        for (int f = 0; f < NR_FACTS; f++) {
            int64_t v = c->value[f];
            int cell = v == NENRULE_UNKNOWN ? -1 : nr_cell_of(f, v);
            c->narrowing[f] = cell < 0 ? nr_full(f) : nr_single(cell);
        }
        c->narrowing_conflict = NR_CONSTRAINTS ? nr_narrow(nr_memo_of(c), c->narrowing) : -1;
    }
    return c->narrowing;
}

/* ---- exact answers: the completions of one decision --------------------------------------- */

typedef struct {
    uint8_t status;
    uint64_t mask;
    uint64_t pairs[9]; /* (local output, strength + 1) pairs of the recommendations, as bits */
} nr_key;

typedef struct {
    nenrule_case *scratch;
    nr_memo *memo;
    int d;
    int base_count;
    int32_t base_slot[NR_FACTS];
    int64_t base_value[NR_FACTS];
    int open_count;
    int32_t open_fact[NR_FACTS];     /* ascending */
    int32_t open_class[NR_FACTS];    /* index of the fact's first class in nr_class_bits */
    int32_t open_classes[NR_FACTS];
    int32_t position[NR_FACTS];      /* -1 unless open */
    uint8_t guard_fact[NR_FACTS];
    int has_given;
    int64_t given_output;
    int boxes_left;
    int leaves, any_applicable, any_not_applicable, all_same;
    nr_key first;
    uint64_t mask_union, taken_union;
} nr_explorer;

static nr_key nr_leaf_key(nenrule_case *s, int d) {
    nr_key key;
    memset(&key, 0, sizeof key);
    key.status = s->status[d];
    key.mask = s->status[d] == NENRULE_NOT_APPLICABLE ? 0 : s->mask[d];
    if (s->status[d] != NENRULE_DECIDED || nr_mode[d] == NR_MODE_CRITERIA) return key;
    int start = nr_branch_start[d];
    for (uint64_t rest = s->taken[d]; rest != 0; rest &= rest - 1) {
        int bit = nr_ctz(rest), ref = bit == NR_OTHERWISE_BIT ? NR_BRANCHES + d : start + bit;
        for (int r = nr_result_start[ref]; r < nr_result_start[ref + 1]; r++) {
            int position = nr_result_position[r];
            if (!((s->mask[d] >> position) & 1)) continue;
            int pair = position * 9 + nr_result_strength[r];
            key.pairs[pair / 64] |= (uint64_t)1 << (pair % 64);
        }
    }
    return key;
}

static int nr_same_key(const nr_key *a, const nr_key *b) {
    return a->status == b->status && a->mask == b->mask && memcmp(a->pairs, b->pairs, sizeof a->pairs) == 0;
}

/* The cells a derived fact may take in this box: its value, else its derivation's outputs. */
static uint64_t nr_derived_cells(nenrule_case *s, int slot) {
    int64_t v = nr_value(s, slot);
    if (v != NENRULE_UNKNOWN) { int cell = nr_cell_of(slot, v); if (cell >= 0) return nr_single(cell); }
    int by = nr_derived_by[slot];
    if (s->status[by] != NENRULE_UNDETERMINED || s->decision_epoch[by] != s->epoch) return nr_full(slot);
    uint64_t possible = 0;
    for (uint64_t rest = s->mask[by]; rest != 0; rest &= rest - 1) {
        int cell = nr_cell_of(slot, nr_local_outputs[nr_local_start[by] + nr_ctz(rest)]);
        if (cell >= 0) possible |= nr_single(cell);
    }
    return possible == 0 ? nr_full(slot) : possible;
}

/* Whether the constraints admit a whole case here, with the derived values fixed too. */
static int nr_consistent(nr_explorer *x, const uint64_t *domains) {
    if (NR_CONSTRAINTS == 0) return 1;
    uint64_t fixed[NR_FACTS];
    memcpy(fixed, domains, sizeof fixed);
    for (int i = 0; i < NR_CONSTRAINED; i++) {
        int slot = nr_constrained[i];
        if (nr_derived_by[slot] < 0) continue;
        fixed[slot] &= nr_derived_cells(x->scratch, slot);
        if (fixed[slot] == 0) return 0;
    }
    return nr_satisfiable(x->memo, fixed) != NR_NONE;
}

static int nr_agrees_with_given(nr_explorer *x, unsigned status) {
    if (!x->has_given || status != NENRULE_DECIDED) return 1;
    uint64_t m = x->scratch->mask[x->d];
    if (nr_popcount(m) != 1) return 1;
    return nr_local_outputs[nr_local_start[x->d] + nr_ctz(m)] == x->given_output;
}

static int nr_classes_meeting(nr_explorer *x, int place, uint64_t domain) {
    int n = 0;
    for (int k = 0; k < x->open_classes[place]; k++) n += (nr_class_bits[x->open_class[place] + k] & domain) != 0;
    return n;
}

/* The open fact to split next: among those the box's answer still needs, the one with fewest
   classes left (the guard's facts first while the guard is open). */
static int nr_next_split(nr_explorer *x, const int8_t *assigned, const uint64_t *domains) {
    nenrule_case *s = x->scratch;
    int guard_open = s->guard[x->d] == NR_U, best = -1, best_rank = 0;
    const uint64_t *needs = nr_needs(s, x->d);
    for (int w = 0; w < NR_FACT_WORDS; w++) {
        for (uint64_t rest = needs[w]; rest != 0; rest &= rest - 1) {
            int fact = w * 64 + nr_ctz(rest), place = x->position[fact];
            if (place < 0 || assigned[place] >= 0) continue;
            int rank = nr_classes_meeting(x, place, domains[fact]) + (guard_open && !x->guard_fact[fact] ? 1000 : 0);
            if (best < 0 || rank < best_rank) { best = fact; best_rank = rank; }
        }
    }
    return best;
}

static void nr_explore(nr_explorer *x, const uint64_t *domains, int8_t *assigned);

static void nr_split(nr_explorer *x, int fact, const uint64_t *domains, const int8_t *assigned) {
    int place = x->position[fact];
    for (int k = 0; k < x->open_classes[place]; k++) {
        uint64_t within = nr_class_bits[x->open_class[place] + k] & domains[fact];
        if (within == 0) continue;
        uint64_t next[NR_FACTS];
        memcpy(next, domains, sizeof next);
        next[fact] = within;
        if (nr_by_fact_start[fact + 1] > nr_by_fact_start[fact] && nr_narrow(x->memo, next) >= 0) continue;
        int8_t deeper[NR_FACTS];
        memcpy(deeper, assigned, (size_t)x->open_count);
        deeper[place] = (int8_t)k;
        nr_explore(x, next, deeper);
    }
}

static void nr_explore(nr_explorer *x, const uint64_t *domains, int8_t *assigned) {
    if (--x->boxes_left < 0) return;
    nenrule_case *s = x->scratch;
    nr_reset(s);
    for (int i = 0; i < x->base_count; i++) nr_write(s, x->base_slot[i], x->base_value[i]);
    for (int place = 0; place < x->open_count; place++) {
        if (assigned[place] < 0) continue;
        int slot = x->open_fact[place];
        nr_write(s, slot, nr_representative(slot, nr_ctz(domains[slot])));
        s->recorded[slot] = 1;
    }
    nr_run(s, x->d);
    unsigned status = s->status[x->d];
    int next = status == NENRULE_UNDETERMINED ? nr_next_split(x, assigned, domains) : -1;
    if (next < 0 && nr_agrees_with_given(x, status) && nr_consistent(x, domains)) {
        nr_key key = nr_leaf_key(s, x->d);
        if (x->leaves == 0) x->first = key;
        else if (!nr_same_key(&x->first, &key)) x->all_same = 0;
        x->leaves++;
        x->mask_union |= key.mask;
        x->taken_union |= s->taken[x->d];
        if (status == NENRULE_NOT_APPLICABLE) x->any_not_applicable = 1; else x->any_applicable = 1;
    }
    for (int place = 0; place < x->open_count; place++) if (assigned[place] >= 0) s->recorded[x->open_fact[place]] = 0;
    if (next >= 0) nr_split(x, next, domains, assigned);
}

static nenrule_case *nr_helper(nenrule_case *c);

/* Whether a slot's value holds in every completion the exploration may try. */
static int nr_settled(const nenrule_case *c, int slot) {
    if (c->value[slot] == NENRULE_UNKNOWN) return 0;
    return NR_CONSTRAINTS == 0 || nr_derived_by[slot] < 0 || c->derived_epoch[slot] != c->epoch;
}

/* The slots d reads, directly or through the derivations of facts the case leaves missing. */
static void nr_live_reads(const nenrule_case *c, int d, uint8_t *live, uint8_t *visited) {
    visited[d] = 1;
    for (int k = nr_reads_start[d]; k < nr_reads_start[d + 1]; k++) {
        int slot = nr_reads[k];
        if (live[slot]) continue;
        live[slot] = 1;
        int by = nr_derived_by[slot];
        if (by >= 0 && !nr_settled(c, slot) && !visited[by]) nr_live_reads(c, by, live, visited);
    }
}

/* Settles an undetermined decision exactly: the answer every consistent completion gives. */
static int nr_refine(nenrule_case *c, int d) {
    const uint64_t *narrowing = nr_case_narrowing(c);
    if (c->narrowing_conflict >= 0) return 1;
    nr_explorer *x = (nr_explorer *)malloc(sizeof *x);
    if (!x) return 0;
    memset(x, 0, sizeof *x);
    x->scratch = nr_helper(c);
    if (!x->scratch) { free(x); return 0; }
    x->memo = nr_memo_of(c);
    x->d = d;
    x->boxes_left = NR_EXACT_BUDGET;
    x->all_same = 1;
    uint8_t live[NR_FACTS], visited[NR_DECISIONS];
    memset(live, 0, sizeof live);
    memset(visited, 0, sizeof visited);
    nr_live_reads(c, d, live, visited);
    for (int slot = 0; slot < NR_FACTS; slot++) x->position[slot] = -1;
    for (int slot = 0; slot < NR_FACTS; slot++) {
        if (!live[slot]) continue;
        if (nr_settled(c, slot)) { x->base_slot[x->base_count] = slot; x->base_value[x->base_count++] = c->value[slot]; continue; }
        if (nr_derived_by[slot] >= 0) continue;
        int first = -1, count = 0;
        for (int e = nr_class_entry_start[d]; e < nr_class_entry_start[d + 1]; e++)
            if (nr_class_fact[e] == slot) { first = nr_class_first[e]; count = nr_class_count[e]; }
        if (first < 0) continue;
        uint64_t domain = narrowing[slot];
        int meeting = 0;
        for (int k = 0; k < count; k++) meeting += (nr_class_bits[first + k] & domain) != 0;
        if (meeting == 1 && domain != 0) {
            x->base_slot[x->base_count] = slot;
            x->base_value[x->base_count++] = nr_representative(slot, nr_ctz(domain));
        } else {
            x->position[slot] = x->open_count;
            x->open_fact[x->open_count] = slot;
            x->open_class[x->open_count] = first;
            x->open_classes[x->open_count++] = count;
        }
    }
    if (NR_CONSTRAINTS > 0) {
        for (int k = 0; k < c->written_count; k++) {
            int slot = c->written[k];
            if (!live[slot] && c->value[slot] != NENRULE_UNKNOWN) { x->base_slot[x->base_count] = slot; x->base_value[x->base_count++] = c->value[slot]; }
        }
    }
    for (int k = nr_guard_closure_start[d]; k < nr_guard_closure_start[d + 1]; k++)
        if (x->position[nr_guard_closure[k]] >= 0) x->guard_fact[nr_guard_closure[k]] = 1;
    int derives = nr_derives[d];
    if (derives >= 0 && c->value[derives] != NENRULE_UNKNOWN && c->derived_epoch[derives] != c->epoch) {
        x->has_given = 1;
        x->given_output = c->value[derives];
    }
    nenrule_case *s = x->scratch;
    for (int i = 0; i < x->base_count; i++) if (c->value[x->base_slot[i]] != NENRULE_UNKNOWN) s->recorded[x->base_slot[i]] = 1;
    int8_t assigned[NR_FACTS];
    memset(assigned, -1, sizeof assigned);
    uint64_t domains[NR_FACTS];
    memcpy(domains, narrowing, sizeof domains);
    nr_explore(x, domains, assigned);
    for (int i = 0; i < x->base_count; i++) s->recorded[x->base_slot[i]] = 0;
    if (x->leaves == 0 || x->boxes_left < 0) {
        if (x->boxes_left < 0) c->approximate_epoch[d] = c->epoch;
        free(x);
        return 1;
    }
    c->guard[d] = !x->any_applicable ? NR_F : !x->any_not_applicable ? NR_T : NR_U;
    c->taken[d] = 0;
    if (x->all_same && x->first.status != NENRULE_UNDETERMINED) {
        nr_set_result(c, d, x->first.status, x->first.mask);
        c->taken[d] = x->taken_union;
    } else {
        nr_set_result(c, d, NENRULE_UNDETERMINED, x->mask_union);
    }
    free(x);
    return 1;
}

/* Adds a given fact's cell to an answer key kept ascending; 0 when the key is full or no cell
   holds the value (such a case is not memoised). */
static int nr_key_add(uint32_t *key, int *length, int slot, int64_t v) {
    int cell = nr_cell_of(slot, v);
    if (cell < 0 || cell > 0xffff || slot > 0xffff || *length == NR_ANSWER_KEY) return 0;
    uint32_t entry = (uint32_t)slot << 16 | (uint32_t)cell;
    int at = (*length)++;
    for (; at > 0 && key[at - 1] > entry; at--) key[at] = key[at - 1];
    key[at] = entry;
    return 1;
}

/* The answer memo's key of the case: 0 when the case has too many given facts or a value no
   cell holds. */
static int nr_memo_key(const nenrule_case *c, uint32_t *key, int *length) {
    *length = 0;
    for (int k = 0; k < c->written_count; k++) {
        int slot = c->written[k];
        int64_t v = c->value[slot];
        if (v == NENRULE_UNKNOWN || (nr_derived_by[slot] >= 0 && c->derived_epoch[slot] == c->epoch)) continue;
        if (!nr_key_add(key, length, slot, v)) return 0;
    }
    return 1;
}

/* The memo entry for answers of kind `tag` (a decision, or a decision offset by NR_DECISIONS
   for nenrule_decide_rows) under `key`; `*hit` says whether it holds them, else the caller
   fills it with nr_answer_store. */
static uint64_t nr_answer_hash(int tag, const uint32_t *key, int length) {
    /* Two words per multiply: the chain of multiplies is what a lookup waits on. */
    uint64_t hash = 0x9e3779b97f4a7c15u ^ (uint64_t)tag;
    int i = 0;
    for (; i + 1 < length; i += 2) hash = nr_mix(hash, (uint64_t)key[i] << 32 | key[i + 1]);
    return i < length ? nr_mix(hash, key[i]) : hash;
}

static nr_answer_entry *nr_answer_find(nr_memo *m, int tag, const uint32_t *key, int length, int *hit) {
    uint64_t hash = nr_answer_hash(tag, key, length);
    nr_answer_entry *e = &m->answers[hash & (NR_ANSWER_SLOTS - 1)];
    int same = e->d == tag && e->hash == hash && e->length == length;
    for (int i = 0; i < length && same; i++) same = e->key[i] == key[i];
    *hit = same;
    return e;
}

/* Fills an entry nr_answer_find gave (the exploration in between may have reused it). */
static void nr_answer_store(nr_answer_entry *e, int tag, const uint32_t *key, int length, int status, uint64_t mask) {
    e->hash = nr_answer_hash(tag, key, length);
    e->d = tag;
    e->length = length;
    e->status = (uint8_t)status;
    e->mask = mask;
    memcpy(e->key, key, (size_t)length * sizeof *key);
}

static void nr_refine_memoised(nenrule_case *c, int d) {
    uint32_t key[NR_ANSWER_KEY];
    int length = 0, hit = 0;
    nr_memo *m = nr_memo_of(c);
    if (!m || !nr_memo_key(c, key, &length)) { nr_refine(c, d); return; }
    nr_answer_entry *e = nr_answer_find(m, d, key, length, &hit);
    if (hit) {
        nr_set_result(c, d, e->status, e->mask);
        c->guard[d] = e->guard;
        c->taken[d] = e->taken;
        if (e->approximate) c->approximate_epoch[d] = c->epoch;
        return;
    }
    if (!nr_refine(c, d)) return;
    nr_answer_store(e, d, key, length, c->status[d], c->mask[d]);
    e->taken = c->taken[d];
    e->guard = c->guard[d];
    e->approximate = c->approximate_epoch[d] == c->epoch;
}

/* ---- given facts: durations and consistency ----------------------------------------------- */

static int64_t nr_days_from_civil(int64_t y, int64_t m, int64_t d) {
    y = m <= 2 ? y - 1 : y;
    int64_t era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void nr_civil(int64_t days, int64_t *y, int64_t *m, int64_t *d) {
    int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097, doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2 ? 1 : 0);
}

static int64_t nr_completed_months(int64_t from, int64_t to) {
    if (to < from) return -nr_completed_months(to, from);
    int64_t y1, m1, d1, y2, m2, d2;
    nr_civil(from, &y1, &m1, &d1);
    nr_civil(to, &y2, &m2, &d2);
    return (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
}

static int nr_in_range(int fact, int64_t v) {
    if (nr_fact_whole[fact] && v % NENRULE_SCALE != 0) return 0;
    return v >= nr_fact_lowest[fact] && v <= nr_fact_highest[fact];
}

static int nr_fail(nenrule_case *c, int code, const char *format, const char *a, const char *b) {
    c->error = code;
    snprintf(c->message, sizeof c->message, format, a, b);
    return code;
}

static int nr_durations(nenrule_case *c) {
    for (int i = 0; i < NR_DATE_SPANS; i++) {
        int slot = nr_span_slot[i], from = nr_span_from[i], to = nr_span_to[i];
        if (c->value[slot] != NENRULE_UNKNOWN || c->value[from] == NENRULE_UNKNOWN || c->value[to] == NENRULE_UNKNOWN) continue;
        int64_t a = c->value[from] / NENRULE_SCALE, b = c->value[to] / NENRULE_SCALE;
        int64_t elapsed = nr_span_months[i] ? nr_completed_months(a, b) : b - a, step = nr_span_step[i];
        int64_t base = elapsed >= 0 ? elapsed / step * step : -((-elapsed + step - 1) / step * step);
        if (!nr_in_range(slot, base * NENRULE_SCALE))
            return nr_fail(c, NENRULE_E_RANGE, "`%s` from its dates is outside its range%s", nr_fact_names[slot], "");
        nr_write(c, slot, base * NENRULE_SCALE);
    }
    return 0;
}

/* Given facts that a decision also derives, where the other given facts decide otherwise. */
static int nr_contradicted_derivations(nenrule_case *c) {
    nenrule_case *s = 0;
    int32_t given[NR_FACTS];
    int count = 0;
    for (int k = 0; k < c->written_count; k++) if (c->value[c->written[k]] != NENRULE_UNKNOWN) given[count++] = c->written[k];
    for (int i = 0; i < count; i++) {
        int slot = given[i], by = nr_derived_by[slot];
        if (by < 0) continue;
        if (!s && !(s = nr_helper(c))) return 0;
        nr_reset(s);
        for (int j = 0; j < count; j++) if (given[j] != slot) { nr_write(s, given[j], c->value[given[j]]); s->recorded[given[j]] = 1; }
        nr_run(s, by);
        for (int j = 0; j < count; j++) s->recorded[given[j]] = 0;
        uint64_t m = s->mask[by];
        if (s->status[by] != NENRULE_DECIDED || nr_popcount(m) != 1) continue;
        if (nr_local_outputs[nr_local_start[by] + nr_ctz(m)] != c->value[slot])
            return nr_fail(c, NENRULE_E_INCONSISTENT, "`%s` is given, but `%s` derives another value from the other facts",
                           nr_fact_names[slot], nr_decision_ids[by]);
    }
    return 0;
}

static int nr_validate(nenrule_case *c) {
    if (nr_durations(c)) return c->error;
    if (NR_CONSTRAINTS > 0) {
        const uint64_t *narrowing = nr_case_narrowing(c);
        int broken = c->narrowing_conflict;
        if (broken < 0 && nr_satisfiable(nr_memo_of(c), narrowing) == NR_NONE) {
            for (int i = 0; i < NR_CONSTRAINED && broken < 0; i++) {
                int f = nr_constrained[i];
                if (c->value[f] != NENRULE_UNKNOWN) broken = nr_by_fact[nr_by_fact_start[f]];
            }
        }
        if (broken >= 0) return nr_fail(c, NENRULE_E_INCONSISTENT, "the case breaks constraint `%s`%s", nr_constraint_ids[broken], "");
    }
    return nr_contradicted_derivations(c);
}

/* ---- the C API ----------------------------------------------------------------------------- */

static nenrule_case *nr_new(int scratch) {
    nenrule_case *c = (nenrule_case *)calloc(1, sizeof *c);
    if (!c) return 0;
    for (int f = 0; f < NR_FACTS; f++) c->value[f] = NENRULE_UNKNOWN;
    c->epoch = 1;
    c->narrowing_conflict = -1;
    c->scratch = scratch;
    return c;
}

static nenrule_case *nr_helper(nenrule_case *c) {
    if (!c->helper) c->helper = nr_new(1);
    return c->helper;
}

nenrule_case *nenrule_case_new(void) { return nr_new(0); }

void nenrule_case_free(nenrule_case *c) {
    if (!c) return;
    nenrule_case_free(c->helper);
    free(c->memo);
    free(c);
}

void nenrule_case_reset(nenrule_case *c) { nr_reset(c); }

int nenrule_set(nenrule_case *c, int fact, int64_t value) {
    if (fact < 0 || fact >= NR_FACTS) return NENRULE_E_NAME;
    if (value == NENRULE_UNKNOWN) return 0;
    if (!nr_in_range(fact, value))
        return nr_fail(c, NENRULE_E_RANGE, "a value of `%s` outside its range%s", nr_fact_names[fact], "");
    nr_write(c, fact, value);
    return 0;
}

int nenrule_fact_index(const char *name) {
    for (int f = 0; f < NR_FACTS; f++) if (strcmp(nr_fact_names[f], name) == 0) return f;
    return -1;
}

const char *nenrule_fact_name(int fact) { return fact >= 0 && fact < NR_FACTS ? nr_fact_names[fact] : 0; }

int nenrule_fact_count(void) { return NR_FACTS; }

int nenrule_member_index(int fact, const char *member) {
    if (fact < 0 || fact >= NR_FACTS) return -1;
    for (int k = nr_member_start[fact]; k < nr_member_start[fact + 1]; k++)
        if (strcmp(nr_member_names[k], member) == 0) return k - nr_member_start[fact];
    return -1;
}

int nenrule_set_member(nenrule_case *c, int fact, const char *member) {
    int index = nenrule_member_index(fact, member);
    if (index < 0) return nr_fail(c, NENRULE_E_NAME, "`%s` has no member `%s`", fact >= 0 && fact < NR_FACTS ? nr_fact_names[fact] : "?", member);
    return nenrule_set(c, fact, index);
}

/* "15", "1.5 cm", "3 %": an exact decimal with at most six fractional digits and a unit of the
   fact's group (the fact's own unit when none is written). */
int nenrule_set_quantity(nenrule_case *c, int fact, const char *text) {
    if (fact < 0 || fact >= NR_FACTS) return NENRULE_E_NAME;
    const char *p = text;
    int negative = 0, digits = 0, fraction = -1;
    int64_t micros = 0;
    while (*p == ' ') p++;
    if (*p == '-' || *p == '+') negative = *p++ == '-';
    for (; (*p >= '0' && *p <= '9') || (*p == '.' && fraction < 0); p++) {
        if (*p == '.') { fraction = 0; continue; }
        if (fraction >= 0 && ++fraction > 6) return nr_fail(c, NENRULE_E_VALUE, "`%s` has more than six decimals in `%s`", nr_fact_names[fact], text);
        if (micros > (INT64_MAX - 9) / 10) return nr_fail(c, NENRULE_E_VALUE, "`%s`: `%s` is too large", nr_fact_names[fact], text);
        micros = micros * 10 + (*p - '0');
        digits++;
    }
    if (digits == 0) return nr_fail(c, NENRULE_E_VALUE, "`%s`: `%s` is not a number", nr_fact_names[fact], text);
    for (int k = fraction < 0 ? 0 : fraction; k < 6; k++) {
        if (micros > INT64_MAX / 10) return nr_fail(c, NENRULE_E_VALUE, "`%s`: `%s` is too large", nr_fact_names[fact], text);
        micros *= 10;
    }
    while (*p == ' ') p++;
    int64_t factor = nr_bare_factor[fact];
    if (*p) {
        int found = 0;
        for (int k = nr_unit_start[fact]; k < nr_unit_start[fact + 1]; k++)
            if (strcmp(nr_unit_names[k], p) == 0) { factor = nr_unit_factor[k]; found = 1; }
        if (!found) return nr_fail(c, NENRULE_E_VALUE, "`%s` takes no unit `%s`", nr_fact_names[fact], p);
    } else if (nr_fact_needs_unit[fact]) {
        return nr_fail(c, NENRULE_E_VALUE, "`%s` needs a unit: `%s`", nr_fact_names[fact], text);
    }
    if (micros > INT64_MAX / factor) return nr_fail(c, NENRULE_E_VALUE, "`%s`: `%s` is too large", nr_fact_names[fact], text);
    int64_t value = micros * factor;
    return nenrule_set(c, fact, negative ? -value : value);
}

/* "YYYY-MM-DD" for a date fact. */
int nenrule_set_date(nenrule_case *c, int fact, const char *text) {
    int y, m, d;
    char tail;
    if (strlen(text) != 10 || sscanf(text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1)
        return nr_fail(c, NENRULE_E_VALUE, "`%s`: `%s` is not a YYYY-MM-DD date", fact >= 0 && fact < NR_FACTS ? nr_fact_names[fact] : "?", text);
    static const int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > lengths[m - 1] + (m == 2 && leap)) return nr_fail(c, NENRULE_E_VALUE, "`%s`: `%s` is no calendar day", nr_fact_names[fact], text);
    return nenrule_set(c, fact, nr_days_from_civil(y, m, d) * NENRULE_SCALE);
}

int nenrule_evaluate(nenrule_case *c) {
    if (c->error) return c->error;
    if (nr_validate(c)) return c->error;
    for (int d = 0; d < NR_DECISIONS; d++) nr_run(c, d);
    return 0;
}

int nenrule_evaluate_one(nenrule_case *c, int decision) {
    if (decision < 0 || decision >= NR_DECISIONS) return NENRULE_E_NAME;
    if (c->error) return c->error;
    if (nr_validate(c)) return c->error;
    nr_run(c, decision);
    return 0;
}

int nenrule_decide(nenrule_case *c, int decision) {
    if (decision < 0 || decision >= NR_DECISIONS) return NENRULE_E_NAME;
    if (c->error) return c->error;
    nr_run(c, decision);
    return 0;
}

const char *nenrule_error_message(const nenrule_case *c) { return c->error ? c->message : 0; }

int nenrule_decision_count(void) { return NR_DECISIONS; }

int nenrule_decision_index(const char *id) {
    for (int d = 0; d < NR_DECISIONS; d++) if (strcmp(nr_decision_ids[d], id) == 0) return d;
    return -1;
}

const char *nenrule_decision_id(int decision) { return decision >= 0 && decision < NR_DECISIONS ? nr_decision_ids[decision] : 0; }

int nenrule_status(const nenrule_case *c, int decision) {
    if (decision < 0 || decision >= NR_DECISIONS || c->decision_epoch[decision] != c->epoch) return -1;
    return c->status[decision];
}

int nenrule_is_approximate(const nenrule_case *c, int decision) {
    return decision >= 0 && decision < NR_DECISIONS && c->approximate_epoch[decision] == c->epoch && c->decision_epoch[decision] == c->epoch;
}

uint64_t nenrule_outputs(const nenrule_case *c, int decision) {
    if (nenrule_status(c, decision) < 0 || c->status[decision] == NENRULE_NOT_APPLICABLE) return 0;
    return c->mask[decision];
}

int nenrule_output_count(int decision) {
    return decision >= 0 && decision < NR_DECISIONS ? nr_local_start[decision + 1] - nr_local_start[decision] : 0;
}

const char *nenrule_output_name(int decision, int position) {
    if (position < 0 || position >= nenrule_output_count(decision)) return 0;
    return nr_output_names[nr_local_start[decision] + position];
}

int nenrule_recommendations(const nenrule_case *c, int decision, nenrule_recommendation *out, int capacity) {
    if (nenrule_status(c, decision) != NENRULE_DECIDED) return 0;
    int count = 0;
    uint64_t mask = c->mask[decision];
    if (nr_mode[decision] == NR_MODE_CRITERIA) {
        for (int k = 0; k < 3; k++) if ((mask >> k) & 1) {
            if (count < capacity) {
                out[count].outcome = nr_output_names[nr_local_start[decision] + k];
                out[count].strength = 0;
                out[count].sections = nr_decision_cites[decision];
            }
            count++;
        }
        return count;
    }
    int start = nr_branch_start[decision];
    for (uint64_t rest = c->taken[decision]; rest != 0; rest &= rest - 1) {
        int bit = nr_ctz(rest), ref = bit == NR_OTHERWISE_BIT ? NR_BRANCHES + decision : start + bit;
        for (int r = nr_result_start[ref]; r < nr_result_start[ref + 1]; r++) {
            int position = nr_result_position[r], strength = nr_result_strength[r], seen = 0;
            if (!((mask >> position) & 1)) continue;
            const char *outcome = nr_output_names[nr_local_start[decision] + position];
            for (int k = 0; k < count && k < capacity; k++)
                seen |= out[k].outcome == outcome && out[k].strength == nr_strength_names[strength] && out[k].sections == nr_ref_cites[ref];
            if (seen) continue;
            if (count < capacity) {
                out[count].outcome = outcome;
                out[count].strength = nr_strength_names[strength];
                out[count].sections = nr_ref_cites[ref];
            }
            count++;
        }
    }
    return count;
}

/* Rows go through the decision's pure function first (see nr_fast) and through the case record
   only when that is not certain; the case's memos carry over from call to call. */
/* A row the pure function could not settle: its answer by the cells of its known values, from
   the memo or through the case record. The record's values are the row's already (scattered by
   the caller, every other slot unknown): writing the known ones again only lists them for
   nr_reset. */
NR_COLD static int nr_decide_row(nenrule_case *c, int d, const int64_t *row, size_t width, const int32_t *facts,
                                 uint64_t *mask) {
    uint32_t key[NR_ANSWER_KEY];
    int length = 0, hit = 0, keyed = width <= NR_ANSWER_KEY && NR_FACTS <= 0xffff;
    /* The key follows the columns' order, which is the same for every row of the call. */
    for (size_t k = 0; k < width && keyed; k++) {
        if (row[k] == NENRULE_UNKNOWN) continue;
        int cell = nr_cell_direct[facts[k]] && (uint64_t)row[k] < 0xffff ? (int)row[k] : nr_cell_of(facts[k], row[k]);
        keyed = (unsigned)cell <= 0xffff && cell < nr_cell_count(facts[k]);
        key[length++] = (uint32_t)facts[k] << 16 | (uint32_t)cell;
    }
    nr_memo *m = keyed ? nr_memo_of(c) : 0;
    nr_answer_entry *e = m ? nr_answer_find(m, d + NR_DECISIONS, key, length, &hit) : 0;
    if (hit) { *mask = e->mask; return e->status; }
    for (size_t k = 0; k < width; k++) if (row[k] != NENRULE_UNKNOWN) nr_write(c, facts[k], row[k]);
    nr_run(c, d);
    int answer = c->status[d];
    *mask = c->mask[d];
    nr_reset(c);
    if (e) nr_answer_store(e, d + NR_DECISIONS, key, length, answer, *mask);
    return answer;
}

void nenrule_decide_rows(nenrule_case *c, const int64_t *rows, size_t count, size_t width, const int32_t *facts, int decision,
                         uint8_t *status, uint64_t *outputs) {
    nr_reset(c);
    int64_t *slot[NR_FACTS];
    int usable = width <= NR_FACTS && decision >= 0 && decision < NR_DECISIONS;
    for (size_t k = 0; k < width && usable; k++) {
        usable = facts[k] >= 0 && facts[k] < NR_FACTS;
        if (usable) slot[k] = &c->value[facts[k]];
    }
    if (!usable) {
        memset(status, 0xff, count);
        return;
    }
    const nr_fast_fn decide = nr_fast[decision];
    /* Every row writes the same slots, so a row's values overwrite the last row's; they are
       cleared only before the case record is used, and at the end. */
    for (size_t i = 0; i < count; i++, rows += width) {
        size_t k;
        switch (width) { /* unrolled for the usual widths */
        default: for (k = 0; k < width; k++) *slot[k] = rows[k]; break;
        case 8: *slot[7] = rows[7]; /* fallthrough */
        case 7: *slot[6] = rows[6]; /* fallthrough */
        case 6: *slot[5] = rows[5]; /* fallthrough */
        case 5: *slot[4] = rows[4]; /* fallthrough */
        case 4: *slot[3] = rows[3]; /* fallthrough */
        case 3: *slot[2] = rows[2]; /* fallthrough */
        case 2: *slot[1] = rows[1]; /* fallthrough */
        case 1: *slot[0] = rows[0]; /* fallthrough */
        case 0: break;
        }
        uint64_t mask = 0;
        int bail = 0, answer = decide(c->value, &mask, &bail);
        if (answer < 0) answer = nr_decide_row(c, decision, rows, width, facts, &mask);
        status[i] = (uint8_t)answer;
        outputs[i] = mask;
    }
    for (size_t k = 0; k < width; k++) c->value[facts[k]] = NENRULE_UNKNOWN;
}

const char *nenrule_digest(void) { return NENRULE_DIGEST; }
"""#
}

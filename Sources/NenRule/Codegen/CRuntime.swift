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

    /// The runtime, section by section (one file each), in the order it is written.
    static var source: String { caseRecord + kleene + constraints + exact + api }

    /// The case record, derivation on demand and the hit policies' settling.
    static let caseRecord = #"""
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
static void nr_forget_case_key(nr_memo *m);

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
        if (c->memo) nr_forget_case_key(c->memo);
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


"""#
}

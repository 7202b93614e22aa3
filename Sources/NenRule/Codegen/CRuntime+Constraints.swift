extension CRuntime {
    /// Cells, constraint tables, narrowing and the search for a whole case, and the memos of what the constraints say and of exact answers.
    static let constraints = #"""
/* ---- cells and constraints ---------------------------------------------------------------- */

static inline int nr_cell_count(int fact) { return nr_cell_start[fact + 1] - nr_cell_start[fact]; }
static inline int nr_explorable(int fact) { return nr_cell_count(fact) <= 64; }
static inline uint64_t nr_full(int fact) {
    int n = nr_cell_count(fact);
    return n >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;
}
static inline int64_t nr_representative(int fact, int cell) { return nr_cell_rep[nr_cell_start[fact] + cell]; }

/* The cell holding a number, or -1 outside every cell. */
static int nr_cell_search(int fact, int64_t v) {
    int count = nr_cell_count(fact);
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

/* The cell holding a value, or -1 outside every cell: a member is its own cell. */
static inline int nr_cell_of(int fact, int64_t v) {
    if (nr_cell_direct[fact]) return (uint64_t)v < (uint64_t)nr_cell_count(fact) ? (int)v : -1;
    return nr_cell_search(fact, v);
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
    /* The current case's key (its given facts do not change while it is evaluated), made once
       per case when `key_epoch` is the case's epoch; `key_length` -1: the case is not keyed. */
    uint32_t key_epoch;
    int key_length;
    uint32_t key[NR_ANSWER_KEY];
};

/* The case's memo, made on first use; null when memory is short (everything is then computed). */
static nr_memo *nr_memo_of(nenrule_case *c) {
    if (!c->memo && (c->memo = (nr_memo *)malloc(sizeof *c->memo))) {
        for (int i = 0; i < NR_DOMAIN_SLOTS; i++) c->memo->domains[i].kind = 0;
        for (int i = 0; i < NR_ANSWER_SLOTS; i++) c->memo->answers[i].d = -1;
        c->memo->witnesses = c->memo->next_witness = 0;
        c->memo->key_epoch = 0;
    }
    return c->memo;
}

/* After the epoch wraps, a stamp from long ago could match again. */
static void nr_forget_case_key(nr_memo *m) { m->key_epoch = 0; }

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


"""#
}

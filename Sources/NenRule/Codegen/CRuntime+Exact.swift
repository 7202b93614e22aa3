extension CRuntime {
    /// Exact answers: the exploration of one decision's completions (a port of `CompletionExplorer` and `ExactAnswers`).
    static let exact = #"""
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

/* Appends a given fact's cell to an answer key; 0 when the key is full or no cell holds the
   value (such a case is not memoised). */
static inline int nr_key_add(uint32_t *key, int *length, int slot, int64_t v) {
    int cell = nr_cell_of(slot, v);
    if (cell < 0 || cell > 0xffff || slot > 0xffff || *length == NR_ANSWER_KEY) return 0;
    key[(*length)++] = (uint32_t)slot << 16 | (uint32_t)cell;
    return 1;
}

/* The answer memo's key of the case, ascending (the order facts were written in varies): 0 when
   the case has too many given facts or a value no cell holds. */
static int nr_memo_key(const nenrule_case *c, uint32_t *key, int *length) {
    *length = 0;
    for (int k = 0; k < c->written_count; k++) {
        int slot = c->written[k];
        int64_t v = c->value[slot];
        if (v == NENRULE_UNKNOWN || (nr_derived_by[slot] >= 0 && c->derived_epoch[slot] == c->epoch)) continue;
        if (!nr_key_add(key, length, slot, v)) return 0;
    }
    for (int i = 1; i < *length; i++) {
        uint32_t entry = key[i];
        int at = i;
        for (; at > 0 && key[at - 1] > entry; at--) key[at] = key[at - 1];
        key[at] = entry;
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
    int hit = 0;
    nr_memo *m = nr_memo_of(c);
    if (m && m->key_epoch != c->epoch) {
        m->key_epoch = c->epoch;
        if (!nr_memo_key(c, m->key, &m->key_length)) m->key_length = -1;
    }
    if (!m || m->key_length < 0) { nr_refine(c, d); return; }
    const uint32_t *key = m->key;
    int length = m->key_length;
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


"""#
}

extension CRuntime {
    /// Durations between dates, the consistency of the given facts, and the C API with `nenrule_decide_rows`.
    static let api = #"""
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

void nenrule_case_reset(nenrule_case *c) { if (c) nr_reset(c); }

static int nr_no_fact(nenrule_case *c) { return nr_fail(c, NENRULE_E_NAME, "the fact index is out of range%s%s", "", ""); }

int nenrule_set(nenrule_case *c, int fact, int64_t value) {
    if (!c) return NENRULE_E_ARGUMENT;
    if (fact < 0 || fact >= NR_FACTS) return nr_no_fact(c);
    if (value == NENRULE_UNKNOWN) return 0;
    if (!nr_in_range(fact, value))
        return nr_fail(c, NENRULE_E_RANGE, "a value of `%s` outside its range%s", nr_fact_names[fact], "");
    nr_write(c, fact, value);
    return 0;
}

int nenrule_fact_index(const char *name) {
    if (!name) return -1;
    for (int f = 0; f < NR_FACTS; f++) if (strcmp(nr_fact_names[f], name) == 0) return f;
    return -1;
}

const char *nenrule_fact_name(int fact) { return fact >= 0 && fact < NR_FACTS ? nr_fact_names[fact] : 0; }

int nenrule_fact_count(void) { return NR_FACTS; }

int nenrule_member_index(int fact, const char *member) {
    if (fact < 0 || fact >= NR_FACTS || !member) return -1;
    for (int k = nr_member_start[fact]; k < nr_member_start[fact + 1]; k++)
        if (strcmp(nr_member_names[k], member) == 0) return k - nr_member_start[fact];
    return -1;
}

int nenrule_set_member(nenrule_case *c, int fact, const char *member) {
    if (!c || !member) return NENRULE_E_ARGUMENT;
    int index = nenrule_member_index(fact, member);
    if (index < 0) return nr_fail(c, NENRULE_E_NAME, "`%s` has no member `%s`", fact >= 0 && fact < NR_FACTS ? nr_fact_names[fact] : "?", member);
    return nenrule_set(c, fact, index);
}

/* "15", "1.5 cm", "3 %": an exact decimal with at most six fractional digits and a unit of the
   fact's group (the fact's own unit when none is written). */
int nenrule_set_quantity(nenrule_case *c, int fact, const char *text) {
    if (!c || !text) return NENRULE_E_ARGUMENT;
    if (fact < 0 || fact >= NR_FACTS) return nr_no_fact(c);
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
    if (!c || !text) return NENRULE_E_ARGUMENT;
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
    if (!c) return NENRULE_E_ARGUMENT;
    if (c->error) return c->error;
    if (nr_validate(c)) return c->error;
    for (int d = 0; d < NR_DECISIONS; d++) nr_run(c, d);
    return 0;
}

int nenrule_evaluate_one(nenrule_case *c, int decision) {
    if (!c) return NENRULE_E_ARGUMENT;
    if (decision < 0 || decision >= NR_DECISIONS) return NENRULE_E_NAME;
    if (c->error) return c->error;
    if (nr_validate(c)) return c->error;
    nr_run(c, decision);
    return 0;
}

int nenrule_decide(nenrule_case *c, int decision) {
    if (!c) return NENRULE_E_ARGUMENT;
    if (decision < 0 || decision >= NR_DECISIONS) return NENRULE_E_NAME;
    if (c->error) return c->error;
    nr_run(c, decision);
    return 0;
}

const char *nenrule_error_message(const nenrule_case *c) { return c && c->error ? c->message : 0; }

int nenrule_decision_count(void) { return NR_DECISIONS; }

int nenrule_decision_index(const char *id) {
    if (!id) return -1;
    for (int d = 0; d < NR_DECISIONS; d++) if (strcmp(nr_decision_ids[d], id) == 0) return d;
    return -1;
}

const char *nenrule_decision_id(int decision) { return decision >= 0 && decision < NR_DECISIONS ? nr_decision_ids[decision] : 0; }

int nenrule_status(const nenrule_case *c, int decision) {
    if (!c || decision < 0 || decision >= NR_DECISIONS || c->decision_epoch[decision] != c->epoch) return -1;
    return c->status[decision];
}

int nenrule_is_approximate(const nenrule_case *c, int decision) {
    return c && decision >= 0 && decision < NR_DECISIONS && c->approximate_epoch[decision] == c->epoch && c->decision_epoch[decision] == c->epoch;
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
    if (!out) capacity = 0;
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

/* A row the pure function could not settle: its answer by the cells of its known values, from
   the memo or through the case record. The record's values are the row's already (scattered by
   the caller, every other slot unknown): writing the known ones again only lists them for
   nr_reset. */
NR_COLD static int nr_decide_row(nenrule_case *c, int d, const int64_t *row, size_t width, const int32_t *facts,
                                 uint64_t *mask) {
    uint32_t key[NR_ANSWER_KEY];
    int length = 0, hit = 0, keyed = 1;
    /* The key follows the columns' order, which is the same for every row of the call: unsorted. */
    for (size_t k = 0; k < width && keyed; k++)
        if (row[k] != NENRULE_UNKNOWN) keyed = nr_key_add(key, &length, facts[k], row[k]);
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

/* Rows go through the decision's pure function first (see nr_fast) and through the case record
   only when that is not certain; the case's memos carry over from call to call. */
void nenrule_decide_rows(nenrule_case *c, const int64_t *rows, size_t count, size_t width, const int32_t *facts, int decision,
                         uint8_t *status, uint64_t *outputs) {
    if (!status || count == 0) return;
    if (!c || !rows || !facts || !outputs) { memset(status, 0xff, count); return; }
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

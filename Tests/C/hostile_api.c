/* The generated C API under hostile use: NULL cases and strings, indices out of range, text that
   is no number, unit or date, a value outside its range. Each call must return its documented
   refusal and leave the case usable; the program prints `ok` when every check held. Built and
   run by CodegenTests against the bundled guideline. */
#include <stdio.h>
#include <string.h>
#include "nenrule.h"

static int failures = 0;

static void expect(int holds, const char *what) {
    if (!holds) { printf("failed: %s\n", what); failures++; }
}

int main(void) {
    nenrule_case *c = nenrule_case_new();
    expect(c != NULL, "a case");
    expect(nenrule_set(c, 99999, 1) == NENRULE_E_NAME, "a fact index past the end");
    expect(nenrule_set(c, -1, 1) == NENRULE_E_NAME, "a negative fact index");
    nenrule_case_reset(c);
    expect(nenrule_set_member(c, NENRULE_FACT_PRIMARY_SITE, NULL) == NENRULE_E_ARGUMENT, "a NULL member");
    expect(nenrule_set_member(c, NENRULE_FACT_PRIMARY_SITE, "mars") == NENRULE_E_NAME, "an unknown member");
    nenrule_case_reset(c);
    expect(nenrule_set_quantity(c, NENRULE_FACT_TUMOR_SIZE, "NaN%") == NENRULE_E_VALUE, "text that is no number");
    expect(nenrule_set_quantity(c, NENRULE_FACT_TUMOR_SIZE, NULL) == NENRULE_E_ARGUMENT, "a NULL quantity");
    expect(nenrule_set_quantity(c, NENRULE_FACT_TUMOR_SIZE, "99999999999999999999999 mm") == NENRULE_E_VALUE, "a huge quantity");
    expect(nenrule_set_quantity(c, NENRULE_FACT_TUMOR_SIZE, "8 parsecs") == NENRULE_E_VALUE, "an unknown unit");
    nenrule_case_reset(c);
    expect(nenrule_set_date(c, 0, "2026-02-30") == NENRULE_E_VALUE, "no calendar day");
    expect(nenrule_error_message(c) != NULL && strstr(nenrule_error_message(c), "2026-02-30") != NULL, "the message names the text");
    expect(nenrule_set_date(c, 0, NULL) == NENRULE_E_ARGUMENT, "a NULL date");
    nenrule_case_reset(c);
    expect(nenrule_error_message(c) == NULL, "reset clears the error");
    expect(nenrule_set_quantity(c, NENRULE_FACT_TUMOR_SIZE, "-5 mm") == NENRULE_E_RANGE, "a size below its range");
    expect(nenrule_evaluate(c) == NENRULE_E_RANGE, "a case with a bad value refuses to evaluate");
    nenrule_case_reset(c);
    expect(nenrule_status(c, 99999) == -1 && nenrule_outputs(c, -5) == 0, "status and outputs of no decision");
    expect(nenrule_evaluate_one(c, 99999) == NENRULE_E_NAME && nenrule_decide(c, -1) == NENRULE_E_NAME, "evaluating no decision");
    nenrule_recommendation r[2];
    expect(nenrule_recommendations(c, 99999, r, 2) == 0, "recommendations of no decision");
    expect(nenrule_fact_index(NULL) == -1 && nenrule_decision_index(NULL) == -1 && nenrule_member_index(-1, "x") == -1, "lookups of nothing");
    expect(nenrule_fact_name(-3) == NULL && nenrule_decision_id(99999) == NULL && nenrule_output_name(99999, 0) == NULL, "names of nothing");
    expect(nenrule_status(NULL, 0) == -1 && nenrule_evaluate(NULL) == NENRULE_E_ARGUMENT && nenrule_error_message(NULL) == NULL, "a NULL case");
    nenrule_case_reset(NULL);
    nenrule_case_free(NULL);
    uint8_t status[2] = {0, 0};
    uint64_t outputs[2];
    int32_t facts[1] = {NENRULE_FACT_PRIMARY_SITE};
    int64_t rows[2] = {NENRULE_PRIMARY_SITE_RECTUM, NENRULE_UNKNOWN};
    nenrule_decide_rows(NULL, rows, 2, 1, facts, 0, status, outputs);
    expect(status[0] == 255 && status[1] == 255, "rows without a case");
    facts[0] = -7;
    nenrule_decide_rows(c, rows, 2, 1, facts, 0, status, outputs);
    expect(status[0] == 255, "rows of no fact");
    nenrule_decide_rows(c, rows, 2, 1, NULL, 0, NULL, outputs);
    /* After all that, the case still answers. */
    nenrule_case_reset(c);
    expect(nenrule_set_primary_site(c, NENRULE_PRIMARY_SITE_RECTUM) == NENRULE_OK, "a good value");
    expect(nenrule_evaluate(c) == NENRULE_OK, "then a good evaluation");
    nenrule_case_free(c);
    if (failures == 0) puts("ok");
    return failures == 0 ? 0 : 1;
}

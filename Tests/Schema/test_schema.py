"""The case schema (`nenrule schema`) judged by a real validator (Python's jsonschema, draft
2020-12) against `nenrule eval`: every bundled example case passes both, and cases mutated from
them by a seeded generator get the same verdict from both — except a case whose values are all
readable but break a constraint (`inconsistent-case`), which the schema cannot see: those are
counted, and must pass the schema.

JSON numbers are read as decimals (`parse_float=Decimal`), as JSON Schema means them: with binary
floats `multipleOf: 0.000001` would refuse 0.3 (0.3 / 0.000001 is not a whole float).

Run: NENRULE_BIN=.build/debug/nenrule python -m pytest Tests/Schema (from the repository root).
"""
import collections
import concurrent.futures
import decimal
import json
import os
import pathlib
import random
import subprocess

import pytest
from jsonschema import Draft202012Validator

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("NENRULE_BIN", str(ROOT / ".build" / "debug" / "nenrule"))
GUIDELINES = ROOT / "Guidelines"
EXAMPLES = sorted((GUIDELINES / "examples").glob("*.json"))
SEED = 20251205
PER_KIND = 22

# Exponents in test values stay small, but remainders of large quotients need the digits.
decimal.getcontext().prec = 200


def load(text):
    return json.loads(text, parse_float=decimal.Decimal)


def dump(value):
    """JSON text, with decimals written as the numbers they are."""
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k) + ":" + dump(v) for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(dump(v) for v in value) + "]"
    return json.dumps(value)


def run(*arguments, stdin=None):
    return subprocess.run([BINARY, *arguments], input=stdin, capture_output=True, timeout=120)


def evaluate(case):
    """eval's verdict on a case: its exit status and its diagnostics' codes."""
    result = run("eval", str(GUIDELINES), "--facts", "-", "--format", "json", stdin=dump(case).encode())
    assert result.returncode in (0, 1), result.stderr.decode()
    codes = [d["code"] for d in json.loads(result.stdout)["diagnostics"] if d["severity"] == "error"]
    return result.returncode, codes


def evaluate_all(cases):
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return list(pool.map(evaluate, cases))


@pytest.fixture(scope="module")
def schema():
    result = run("schema", str(GUIDELINES))
    assert result.returncode == 0, result.stderr.decode()
    document = load(result.stdout)
    Draft202012Validator.check_schema(document)
    return document


@pytest.fixture(scope="module")
def validator(schema):
    return Draft202012Validator(schema)


def test_the_schema_lists_every_fact_and_refuses_other_keys(schema):
    vocabulary = json.loads(run("vocab", str(GUIDELINES), "--format", "json").stdout)
    assert list(schema["properties"]) == ["case_id"] + [f["name"] for f in vocabulary["facts"]]
    assert schema["additionalProperties"] is False
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for name, fact in list(schema["properties"].items())[1:]:
        assert fact["description"] and fact["x-nenrule-type"], name


def test_out_writes_what_stdout_prints(tmp_path):
    target = tmp_path / "case.schema.json"
    assert run("schema", str(GUIDELINES), "--out", str(target)).returncode == 0
    assert target.read_bytes() == run("schema", str(GUIDELINES)).stdout


def test_every_example_passes_the_schema_and_eval(validator):
    cases = [load(path.read_bytes()) for path in EXAMPLES]
    assert len(cases) > 100
    refused = [(p.name, [e.message[:200] for e in validator.iter_errors(c)]) for p, c in zip(EXAMPLES, cases)
               if not validator.is_valid(c)]
    assert refused == []
    verdicts = evaluate_all(cases)
    assert [(p.name, v) for p, v in zip(EXAMPLES, verdicts) if v[0] != 0] == []


# ---------------------------------------------------------------------------- mutations

class Facts:
    """What the generator needs of each fact, read from the schema's annotations."""

    def __init__(self, schema):
        self.all = list(schema["properties"].items())[1:]
        by_type = collections.defaultdict(list)
        for name, fact in self.all:
            kind = fact["x-nenrule-type"]
            by_type["enum" if kind in ("enum", "ordered") else kind].append((name, fact))
        self.bools = by_type["bool"]
        self.enums = by_type["enum"]
        self.numeric = [(n, f) for n, f in self.all if f["x-nenrule-type"] not in ("bool", "enum", "ordered")]
        self.with_units = [(n, f) for n, f in self.numeric if "x-nenrule-units" in f]
        self.bounded = [(n, f) for n, f in self.numeric if "range" in f["description"]]


def number_alternative(fact):
    return next((a for a in fact["anyOf"] if a.get("type") == "number"), None)


def mutations(schema):
    """(kind, example, key, value) — one key set (or added) per case, seeded."""
    rng = random.Random(SEED)
    facts = Facts(schema)
    D = decimal.Decimal
    wrong_dimension = {"length": ["%", "days", "mmHg"], "percent": ["mm", "months"], "duration": ["mm", "%"],
                       "molar_concentration": ["mmHg", "Gy"], "pressure": ["mm"], "absorbed_dose": ["mmol/L"]}

    def unknown_key(_):
        name, _ = rng.choice(facts.all)
        return rng.choice([name.replace("or", "our", 1) + "_x", name.upper(), name + "s", "patient_name"]), True

    def wrong_type(_):
        name, fact = rng.choice(facts.all)
        return name, rng.choice([[1], {"value": 1}, "abc", [], {}] if fact["x-nenrule-type"] not in ("enum", "ordered") else [[1], {"value": 1}, 3])

    def non_member(_):
        name, fact = rng.choice(facts.enums)
        member = rng.choice(fact["x-nenrule-members"])
        return name, rng.choice(["not_a_member", member + "_x", member + " " + member, "-" + member, member[:-1] or "z"])

    def member_case(_):
        name, fact = rng.choice(facts.enums)
        member = rng.choice(fact["x-nenrule-members"])
        return name, rng.choice([member.lower(), member.upper(), member.swapcase(), " " + member.title() + " "])

    def boolean(_):
        name, _ = rng.choice(facts.bools)
        return name, rng.choice([True, False, 1, 0, D("1.0"), D("0.0"), "true", "FALSE", "Yes", "no", "Y", "n", "1", "0",
                                 " yes ", "1.0", "+1", "maybe", "t", "2", 2, -1, "-0", "ja", "yes please"])

    def out_of_range(_):
        name, fact = rng.choice(facts.bounded)
        number = number_alternative(fact)
        if number is None:  # a unit is required: any bare number is refused
            return name, D(rng.choice(["-1", "0", "5", "12.5"]))
        bounds = [number[k] for k in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum")
                  if k in number and abs(number[k]) < 10 ** 9]
        bound = rng.choice(bounds)
        return name, rng.choice([bound - 1, bound + 1, bound, bound - D("0.000001"), bound + D("0.000001"), -bound - 5])

    def seven_decimals(_):
        name, fact = rng.choice(facts.numeric)
        unit = " " + fact["x-nenrule-unit"] if "x-nenrule-unit" in fact else ""
        return name, rng.choice([D("1.1234567"), D("2.5000000"), D("0.0000001"), "1.1234567", "3.0000000",
                                 "1.1234567" + unit, "4.1230000" + unit])

    def quantity_unit(_):
        name, fact = rng.choice(facts.with_units)
        units = fact["x-nenrule-units"]
        unit = rng.choice(units + wrong_dimension.get(fact["x-nenrule-type"], []) + ["kg", "parsecs", units[0].upper()])
        amount = rng.choice(["0", "1", "2.5", "5", "150", "-1", "0.5", "1200"])
        return name, rng.choice([amount + " " + unit, amount + unit, " " + amount + "  " + unit + " "])

    def missing(_):
        name, _ = rng.choice(facts.all)
        return name, rng.choice(["", ".", "NA", "na", "N/A", "n/a", "NULL", "null", " NA ", "  ", "N.A.", "none?"])

    def null(_):
        name, _ = rng.choice(facts.all)
        return name, None

    def case_id(_):
        return "case_id", rng.choice([None, [1, 2], {"site": "x"}, 17, "c-1", True])

    def exponent(_):
        name, fact = rng.choice(facts.numeric)
        unit = " " + fact["x-nenrule-unit"] if "x-nenrule-unit" in fact else ""
        return name, rng.choice(["1e1", "2.5E0", "1e1" + unit, D("1E+1"), D("2.5E-1"), "1e40", "1e-9"])

    kinds = [unknown_key, wrong_type, non_member, member_case, boolean, out_of_range, seven_decimals,
             quantity_unit, missing, null, case_id, exponent]
    cases = []
    for kind in kinds:
        for _ in range(PER_KIND):
            example = rng.choice(EXAMPLES)
            key, value = kind(None)
            cases.append((kind.__name__, example.name, key, value))
    return cases


@pytest.fixture(scope="module")
def verdicts(schema, validator):
    """Each mutation with the schema's verdict and eval's."""
    examples = {path.name: load(path.read_bytes()) for path in EXAMPLES}
    planned = mutations(schema)
    cases = []
    for _, example, key, value in planned:
        case = dict(examples[example])
        case[key] = value
        cases.append(case)
    evals = evaluate_all(cases)
    return [(kind, example, key, value, validator.is_valid(case), status, codes)
            for (kind, example, key, value), case, (status, codes) in zip(planned, cases, evals)]


# A string in exponent notation is accepted as notation; its value is not checked (the schema
# says so), so there eval may refuse what the schema accepts.
DOCUMENTED = {"exponent": {"number-precision", "number-range", "range"}}


@pytest.mark.parametrize("kind", ["unknown_key", "wrong_type", "non_member", "member_case", "boolean", "out_of_range",
                                  "seven_decimals", "quantity_unit", "missing", "null", "case_id", "exponent"])
def test_the_schema_and_eval_agree_on_mutated_cases(verdicts, kind):
    mine = [v for v in verdicts if v[0] == kind]
    assert len(mine) == PER_KIND
    disagreements = []
    for _, example, key, value, valid, status, codes in mine:
        if "inconsistent-case" in codes:
            # Every value was read; only a constraint (or a derivation) refused the case.
            assert valid, (example, key, value, codes)
            continue
        if valid != (status == 0):
            if valid and set(codes) <= DOCUMENTED.get(kind, set()) and isinstance(value, str):
                continue
            disagreements.append((example, key, dump(value), "schema " + ("accepts" if valid else "refuses"), status, codes))
    assert disagreements == []


def test_the_mutations_reach_both_verdicts(verdicts):
    counts = collections.Counter()
    for kind, _, _, _, valid, status, codes in verdicts:
        counts[kind, "inconsistent" if "inconsistent-case" in codes else "accepted" if status == 0 else "refused"] += 1
    print("\nmutations (kind: accepted / refused / broke a constraint):")
    for kind in dict.fromkeys(v[0] for v in verdicts):
        print(f"  {kind}: {counts[kind, 'accepted']} / {counts[kind, 'refused']} / {counts[kind, 'inconsistent']}")
    for kind in ("unknown_key", "wrong_type", "non_member"):
        assert counts[kind, "accepted"] == 0, kind
    for kind in ("boolean", "out_of_range", "seven_decimals", "quantity_unit", "missing"):
        assert counts[kind, "refused"] > 0 and counts[kind, "accepted"] + counts[kind, "inconsistent"] > 0, kind
    assert counts["case_id", "refused"] == 0

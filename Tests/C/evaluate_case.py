#!/usr/bin/env python3
"""Evaluates a patient record with the guideline compiled to C, through ctypes.

    nenrule build Guidelines --target c --out build/c
    cc -std=c11 -O2 -shared -fPIC -o build/c/libnenrule.so build/c/nenrule.c
    python3 Tests/C/evaluate_case.py build/c/libnenrule.so Guidelines/examples/rectal_8mm_g1.json

Prints one JSON object: the rule set's digest and, per decision that applies or may apply, its
status, its outcomes and, when decided, its recommendations with strengths and sections. The
suite runs it on bundled examples and checks every answer against the interpreter.
"""
import ctypes
import json
import re
import sys

STATUS = {0: "decided", 1: "undetermined", 2: "not_applicable"}


class Recommendation(ctypes.Structure):
    _fields_ = [("outcome", ctypes.c_char_p), ("strength", ctypes.c_char_p), ("sections", ctypes.c_char_p)]


def load(path):
    lib = ctypes.CDLL(path)
    signatures = {
        "nenrule_case_new": ([], ctypes.c_void_p),
        "nenrule_case_free": ([ctypes.c_void_p], None),
        "nenrule_case_reset": ([ctypes.c_void_p], None),
        "nenrule_fact_index": ([ctypes.c_char_p], ctypes.c_int),
        "nenrule_member_index": ([ctypes.c_int, ctypes.c_char_p], ctypes.c_int),
        "nenrule_set": ([ctypes.c_void_p, ctypes.c_int, ctypes.c_int64], ctypes.c_int),
        "nenrule_set_member": ([ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p], ctypes.c_int),
        "nenrule_set_quantity": ([ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p], ctypes.c_int),
        "nenrule_set_date": ([ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p], ctypes.c_int),
        "nenrule_evaluate": ([ctypes.c_void_p], ctypes.c_int),
        "nenrule_error_message": ([ctypes.c_void_p], ctypes.c_char_p),
        "nenrule_decision_count": ([], ctypes.c_int),
        "nenrule_decision_id": ([ctypes.c_int], ctypes.c_char_p),
        "nenrule_status": ([ctypes.c_void_p, ctypes.c_int], ctypes.c_int),
        "nenrule_outputs": ([ctypes.c_void_p, ctypes.c_int], ctypes.c_uint64),
        "nenrule_output_count": ([ctypes.c_int], ctypes.c_int),
        "nenrule_output_name": ([ctypes.c_int, ctypes.c_int], ctypes.c_char_p),
        "nenrule_recommendations": ([ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(Recommendation), ctypes.c_int], ctypes.c_int),
        "nenrule_digest": ([], ctypes.c_char_p),
    }
    for name, (arguments, result) in signatures.items():
        function = getattr(lib, name)
        function.argtypes, function.restype = arguments, result
    return lib


def set_fact(lib, case, name, value):
    """Sets one fact from its JSON value: a member, a boolean, a date or a quantity."""
    fact = lib.nenrule_fact_index(name.encode())
    if fact < 0:
        raise ValueError(f"the guideline has no fact `{name}`")
    if isinstance(value, bool):
        code = lib.nenrule_set_member(case, fact, b"true" if value else b"false")
    elif isinstance(value, str) and lib.nenrule_member_index(fact, value.encode()) >= 0:
        code = lib.nenrule_set_member(case, fact, value.encode())
    elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        code = lib.nenrule_set_date(case, fact, value.encode())
    else:
        text = str(value)
        text = re.sub(r"^([-+]?\d+(?:\.\d+)?)\s*([^\d\s.].*)$", r"\1 \2", text)  # "60%" -> "60 %"
        code = lib.nenrule_set_quantity(case, fact, text.encode())
    if code != 0:
        raise ValueError(lib.nenrule_error_message(case).decode())


def evaluate(lib, record):
    case = lib.nenrule_case_new()
    try:
        for name, value in record.items():
            if name != "case_id":
                set_fact(lib, case, name, value)
        if lib.nenrule_evaluate(case) != 0:
            raise ValueError(lib.nenrule_error_message(case).decode())
        answers = {}
        buffer = (Recommendation * 16)()
        for decision in range(lib.nenrule_decision_count()):
            status = lib.nenrule_status(case, decision)
            if STATUS.get(status, "not_applicable") == "not_applicable":
                continue
            outputs = lib.nenrule_outputs(case, decision)
            answer = {"status": STATUS[status],
                      "outcomes": [lib.nenrule_output_name(decision, k).decode() for k in range(lib.nenrule_output_count(decision)) if outputs >> k & 1]}
            if status == 0:
                count = min(16, lib.nenrule_recommendations(case, decision, buffer, 16))
                answer["recommendations"] = [
                    {"outcome": r.outcome.decode(), "strength": r.strength and r.strength.decode(), "sections": r.sections.decode()}
                    for r in buffer[:count]]
            answers[lib.nenrule_decision_id(decision).decode()] = answer
        return answers
    finally:
        lib.nenrule_case_free(case)


def main(arguments):
    if len(arguments) != 2:
        sys.exit("usage: evaluate_case.py LIBRARY CASE.json")
    lib = load(arguments[0])
    with open(arguments[1], encoding="utf-8") as file:
        record = json.load(file)
    try:
        decisions = evaluate(lib, record)
    except ValueError as error:
        sys.exit(f"{arguments[1]}: {error}")
    json.dump({"digest": lib.nenrule_digest().decode(), "decisions": decisions}, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main(sys.argv[1:])

"""Checks nenrule's answers against the peers' reference and prints the comparison table.

    peers_report.py check PEERS CASES NENRULE_OUT NENRULE_TRACE_OUT
        every case: (peer.treatment, peer.chemo) outcomes == common.reference(case);
        traced cases: the peer.treatment branch that fired == the reference's rule number.
        Exit 1 on any difference.
    peers_report.py table LOG
        the RESULT lines of peers.sh (nenrule's and the peers' own) as one table, with the
        ratios nenrule / peer; the target is nenrule batch >= 10x ZEN (graph).

Used by Benchmarks/peers.sh.
"""
from __future__ import annotations

import json
import statistics
import sys

TARGET_RATIO = 10.0


def outcomes(line: dict) -> dict[str, tuple[str, list[str]]]:
    return {d["id"]: (d["status"], d["outcomes"]) for d in line["decisions"]}


def fired_rule(line: dict) -> str:
    """The peer.treatment branch that fired: 1..6, or 7 for `otherwise` (the reference's rule 7)."""
    treatment = next(d for d in line["decisions"] if d["id"] == "peer.treatment")
    fired = [e["branch"] for e in treatment["trace"] if e.get("event") == "branch" and e.get("result") == "true"]
    return "7" if fired[-1] == "otherwise" else str(fired[-1])


def check(peers: str, cases_path: str, out_path: str, trace_path: str) -> int:
    sys.path.insert(0, peers)
    from common import reference, reference_rule  # the peers' oracle

    cases = [json.loads(line) for line in open(cases_path, encoding="utf-8")]
    answers = [json.loads(line) for line in open(out_path, encoding="utf-8")]
    traced = [json.loads(line) for line in open(trace_path, encoding="utf-8")]
    bad = 0 if len(cases) == len(answers) else abs(len(cases) - len(answers))
    for case, answer in zip(cases, answers):
        got = outcomes(answer)
        expected = reference(case)
        same = answer.get("case_id") == case["id"] and all(
            got.get(d) == ("decided", [e]) for d, e in zip(("peer.treatment", "peer.chemo"), expected))
        if not same:
            bad += 1
            if bad <= 5:
                print(f"  MISMATCH case={case} nenrule={got} reference={expected}")
    rule_bad = sum(fired_rule(t) != reference_rule(c)[2] for c, t in zip(cases, traced))
    print(f"nenrule vs reference: {len(cases) - bad}/{len(cases)} cases agree (treatment and chemo); "
          f"fired rule agrees on {len(traced) - rule_bad}/{len(traced)} traced cases")
    return 1 if bad or rule_bad else 0


def parse(log_path: str) -> list[dict]:
    rows = []
    for line in open(log_path, encoding="utf-8"):
        if line.startswith("RESULT "):
            head = line.rstrip("\n").partition(" note=")[0]
            rows.append(dict(tok.split("=", 1) for tok in head.split()[1:] if "=" in tok))
    return rows


def cps(row: dict, key: str) -> float | None:
    value = row.get(key, "-")
    return float(value) if value not in ("-", "") else None


def merged(rows: list[dict]) -> dict[tuple[str, str], dict]:
    """Runs of the same engine and variant, summarised by their median."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        groups.setdefault((row["engine"], row["variant"]), []).append(row)
    out = {}
    for key, runs in groups.items():
        out[key] = {k: (statistics.median(v) if v else None) for k, v in (
            (k, [x for x in (cps(r, k) for r in runs) if x is not None]) for k in ("eval_only_cps", "eval_conv_cps"))}
        out[key]["n"] = runs[0].get("n", "-")
        out[key]["mismatches"] = ",".join(r.get("mismatches", "-") for r in runs)
    return out


def fmt(value: float | None, ratio: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:.1f}x" if ratio else f"{value:,.0f}".replace(",", " ")


def table(log_path: str) -> int:
    rows = merged(parse(log_path))
    batch = rows.get(("nenrule", "batch_cli"), {}).get("eval_conv_cps")
    inproc = rows.get(("nenrule", "in_process"), {})
    print("| engine | variant | N | eval-only cases/s | eval+conv cases/s | mismatches "
          "| nenrule batch / eval+conv | nenrule in-process / eval-only |")
    print("|---|---|---|---|---|---|---|---|")
    for (engine, variant), r in rows.items():
        peer = engine != "nenrule"
        vs_conv = batch / r["eval_conv_cps"] if peer and batch and r["eval_conv_cps"] else None
        vs_only = inproc.get("eval_only_cps") / r["eval_only_cps"] if peer and inproc.get("eval_only_cps") and r["eval_only_cps"] else None
        print(f"| {engine} | {variant} | {r['n']} | {fmt(r['eval_only_cps'])} | {fmt(r['eval_conv_cps'])} | {r['mismatches']} "
              f"| {fmt(vs_conv, True)} | {fmt(vs_only, True)} |")
    zen = rows.get(("zen", "graph"))
    if not (batch and zen):
        print("\ntarget: cannot judge (no nenrule batch or ZEN graph row)")
        return 1
    worst = min(batch / zen["eval_conv_cps"], batch / zen["eval_only_cps"])
    print(f"\ntarget nenrule batch >= {TARGET_RATIO:.0f}x ZEN graph: {batch / zen['eval_conv_cps']:.1f}x its eval+conv, "
          f"{batch / zen['eval_only_cps']:.1f}x its eval-only -> {'MET' if worst >= TARGET_RATIO else 'MISSED'}")
    if inproc.get("eval_conv_cps"):
        print(f"nenrule in-process vs ZEN graph: {inproc['eval_conv_cps'] / zen['eval_conv_cps']:.1f}x its eval+conv "
              f"(JSON line to outcome names), {inproc['eval_only_cps'] / zen['eval_only_cps']:.1f}x its eval-only")
    return 0


if __name__ == "__main__":
    command, *args = sys.argv[1:] or ["help"]
    if command == "check" and len(args) == 4:
        sys.exit(check(*args))
    if command == "table" and len(args) == 1:
        sys.exit(table(*args))
    sys.exit(__doc__)

#!/usr/bin/env bash
# nenrule against the peer engines of /work/shared/peers (GoRules ZEN, CLIPS, CEL, JsonLogic,
# Cedar) on the SAME rectal-NET cases, in one run:
#   1. generates the peers' cases with their own generator (deterministic, seed 20251121),
#   2. converts them to nenrule's JSON Lines (only `id` becomes `case_id`),
#   3. runs `nenrule batch` (release) on Benchmarks/peer_rectal.nenrule, and nenrule in-process
#      (`nenrule-bench peer`), and then the peers' own benchmark scripts on the same file,
#   4. checks every nenrule answer, and the rule that fired, against the peers' reference,
#   5. prints each engine's throughput and the ratios nenrule / peer (target: ≥ 10x ZEN).
#
#   bash Benchmarks/peers.sh                 # N=100000
#   N=20000 bash Benchmarks/peers.sh         # quicker
# Environment: PEERS (peer directory), PEERS_VENV (virtualenv, made if missing), SCRATCH
# (SwiftPM scratch path, default .build), RUNS (nenrule batch runs, median), PEER_ENGINES.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PEERS="${PEERS:-/work/shared/peers}"
N="${N:-100000}"
RUNS="${RUNS:-3}"
VENV="${PEERS_VENV:-${TMPDIR:-/tmp}/nenrule-peers-venv}"
SCRATCH="${SCRATCH:-$ROOT/.build}"
PEER_ENGINES="${PEER_ENGINES:-reference zen clips cel_rust jsonlogic_rs cedar cel}"
RULES="$ROOT/Benchmarks/peer_rectal.nenrule"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/nenrule-peers.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
LOG="$WORK/results.txt"

step() { printf '\n== %s\n' "$*" >&2; }

step "building nenrule and nenrule-bench (release) in $SCRATCH"
for product in nenrule nenrule-bench; do
  swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --product "$product" >&2
done
BIN="$(swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --show-bin-path)"
"$BIN/nenrule" test "$RULES" >&2

step "peer engines (virtualenv $VENV)"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -r "$PEERS/requirements.txt"
fi
PY="$VENV/bin/python"

step "1. the peers' cases (gen_cases.py --n $N)"
"$PY" "$PEERS/gen_cases.py" --n "$N" --out "$WORK/cases.jsonl" >&2

step "2. converting to nenrule JSON Lines (id -> case_id)"
sed 's/^{"id":/{"case_id":/' "$WORK/cases.jsonl" > "$WORK/cases.nenrule.jsonl"

step "3. nenrule batch, $RUNS runs, output to /dev/null"
for run in $(seq 1 "$RUNS"); do
  start=$(date +%s%N)
  "$BIN/nenrule" batch "$RULES" --cases "$WORK/cases.nenrule.jsonl" > /dev/null 2> "$WORK/batch.stderr"
  end=$(date +%s%N)
  echo "RESULT engine=nenrule variant=batch_cli run=$run n=$N compile_ms=- eval_only_cps=- eval_only_us=-" \
       "eval_conv_cps=$(( N * 1000000000 / (end - start) )) eval_conv_us=- mismatches=- note=process start to last line written" | tee -a "$LOG"
done
"$BIN/nenrule" batch "$RULES" --cases "$WORK/cases.nenrule.jsonl" --out "$WORK/nenrule.jsonl" 2> /dev/null
head -n 10000 "$WORK/cases.nenrule.jsonl" > "$WORK/cases.trace.jsonl"
"$BIN/nenrule" batch "$RULES" --cases "$WORK/cases.trace.jsonl" --trace --out "$WORK/nenrule.trace.jsonl" 2> /dev/null
"$BIN/nenrule-bench" peer "$RULES" "$WORK/cases.nenrule.jsonl" | tee -a "$LOG"

step "4. nenrule's answers against the peers' reference"
"$PY" "$ROOT/Benchmarks/peers_report.py" check "$PEERS" "$WORK/cases.jsonl" "$WORK/nenrule.jsonl" "$WORK/nenrule.trace.jsonl"

step "the peers, on the same cases"
cd "$PEERS"
for engine in $PEER_ENGINES; do
  case "$engine" in
    reference) "$PY" bench_reference.py --n "$N" --cases "$WORK/cases.jsonl" ;;
    zen) "$PY" bench_zen.py --n "$N" --cases "$WORK/cases.jsonl" --variants graph,graph_trace,batch,expression ;;
    clips) "$PY" bench_clips.py --n "$N" --cases "$WORK/cases.jsonl" --variants per_case,trace,batch ;;
    cel) "$PY" bench_cel.py --n "$(( N / 5 ))" --cases "$WORK/cases.jsonl" --variants compiled ;;  # pure Python: slow
    *) "$PY" "bench_$engine.py" --n "$N" --cases "$WORK/cases.jsonl" ;;
  esac 2>&1 | tee -a "$LOG"
done

step "5. throughput and ratios"
"$PY" "$ROOT/Benchmarks/peers_report.py" table "$LOG"

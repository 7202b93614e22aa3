#!/usr/bin/env bash
# Builds the libFuzzer harnesses (compile, facts, batch, fmt, lint, explain) and runs each for SECONDS.
# Exits non-zero on any crash, leak report, timeout or out-of-memory; prints exec/s per harness.
# Usage: bash Tests/Fuzz/run.sh [SECONDS [HARNESS...]]   (Linux, Swift 6 toolchain with -sanitize=fuzzer)
# Naming harnesses runs only those (to rerun one after a fix).
set -euo pipefail
seconds="${1:-60}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
fuzz="$root/Tests/Fuzz"
work="$(mktemp -d "${TMPDIR:-/tmp}/nenrule-fuzz.XXXXXX")"
harnesses=(compile facts batch fmt lint explain)
# Harnesses whose input is one rule file: they share seeds and the rule-language dictionary.
rule_harnesses=(compile fmt lint explain)
if [ $# -gt 1 ]; then harnesses=("${@:2}"); fi

# Build from a snapshot, so that files edited during the build cannot break it halfway.
mkdir -p "$work/src" "$work/lib" "$work/artifacts"
cp -R "$root/Sources/NenRule" "$work/src/"
cp -R "$root/Guidelines" "$work/Guidelines"
export NENRULE_GUIDELINES="$work/Guidelines"
# libFuzzer and ASan report crashes; Swift's own backtracer would hold the output pipe open.
export SWIFT_BACKTRACE=enable=no

flags=(-sanitize=fuzzer,address -parse-as-library -O)
if command -v ld.lld >/dev/null; then flags+=(-use-ld=lld); fi

build() {
    echo "fuzz: building the library with -sanitize=fuzzer,address"
    find "$work/src/NenRule" -name '*.swift' | sort >"$work/sources.txt"
    # One instrumented static library, linked into every harness: built once, not once per harness.
    xargs swiftc "${flags[@]}" -wmo -module-name NenRule -emit-library -static \
        -emit-module -emit-module-path "$work/lib/NenRule.swiftmodule" -o "$work/lib/libNenRule.a" \
        <"$work/sources.txt" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 2; }
    for name in "${harnesses[@]}"; do
        local harness="$fuzz/${name^}Harness.swift"
        swiftc "${flags[@]}" -I "$work/lib" -L "$work/lib" -lNenRule "$harness" "$fuzz/FuzzInput.swift" \
            -o "$work/fuzz-$name" >>"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 2; }
    done
}

# Seeds are generated from the bundled guideline and examples, plus the hand-made ones in seeds/
# and, for every rule-file harness, the generated rule sets in seeds/rules/ (every construct of
# the grammar; written by RandomProgramTests, see its `writeFuzzCorpus`).
seed() {
    local name n=0 file
    for name in compile facts batch fmt lint explain; do mkdir -p "$work/seeds/$name"; done
    while IFS= read -r file; do
        n=$((n + 1))
        for name in "${rule_harnesses[@]}"; do cp "$file" "$work/seeds/$name/$n.nenrule"; done
    done < <(find "$root/Guidelines" "$root/Tests/NenRuleTests/Fixtures" "$fuzz/seeds/rules" -name '*.nenrule' | sort)
    for file in "$root"/Guidelines/examples/*.json; do
        cp "$file" "$work/seeds/facts/"
        # A batch line is one case on one line; the examples hold no newline inside a string.
        tr -d '\n' <"$file" >"$work/seeds/batch/$(basename "$file" .json).jsonl"
        cat "$work/seeds/batch/$(basename "$file" .json).jsonl" >>"$work/seeds/batch/cohort.jsonl"
        echo >>"$work/seeds/batch/cohort.jsonl"
    done
    for name in "${harnesses[@]}"; do
        if [ -d "$fuzz/seeds/$name" ]; then find "$fuzz/seeds/$name" -type f -exec cp {} "$work/seeds/$name/" \;; fi
    done
}

run() {
    local name="$1" status=0
    mkdir -p "$work/corpus/$name"
    local options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$work/artifacts/$name-")
    local dict="$fuzz/$name.dict"
    if [[ " ${rule_harnesses[*]} " == *" $name "* ]]; then dict="$fuzz/compile.dict"; fi
    if [ -f "$dict" ]; then options+=(-dict="$dict"); fi
    "$work/fuzz-$name" "${options[@]}" "$work/corpus/$name" "$work/seeds/$name" >"$work/$name.log" 2>&1 || status=$?
    local rate runs
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$name.log" | tail -1)"
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$name.log" | tail -1)"
    if [ "$status" -eq 0 ]; then
        printf 'fuzz: %-8s ok      %8s exec/s  %10s runs in %s s\n' "$name" "${rate:-?}" "${runs:-?}" "$seconds"
        return 0
    fi
    printf 'fuzz: %-8s FAILED  (exit %s) %8s exec/s\n' "$name" "$status" "${rate:-?}"
    grep -E 'ERROR:|SUMMARY:|Fatal error|invariant broken|Test unit written|timeout' "$work/$name.log" | head -20 || true
    return 1
}

build
seed
failed=0
for name in "${harnesses[@]}"; do run "$name" || failed=1; done
if [ "$failed" -ne 0 ]; then
    echo "fuzz: failing inputs and logs kept in $work (artifacts/, *.log)"
    exit 1
fi
rm -rf "$work"

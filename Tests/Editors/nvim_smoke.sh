#!/bin/sh
# Headless Neovim smoke test for `nenrule lsp` (Neovim 0.7 or later).
#
#   Tests/Editors/nvim_smoke.sh BINARY RULESET_DIR [WORD] [FILE]
#
# BINARY       the nenrule executable (e.g. .build/release/nenrule)
# RULESET_DIR  a rule-set root, used as the server's root directory (e.g. Guidelines)
# WORD         the word to hover; default tumor_size
# FILE         the .nenrule file to open; default the first file under RULESET_DIR (in byte
#              order of paths) in which WORD occurs as a whole word
#
# Environment: NVIM (default nvim), NENRULE_TIMEOUT_MS (default 20000, per step).
# Exit status 0 when the server attaches, publishes diagnostics, answers hover naming WORD and
# returns document symbols; 1 otherwise; 2 on usage errors.
set -eu

usage() {
    echo "usage: $0 BINARY RULESET_DIR [WORD] [FILE]" >&2
    exit 2
}

if [ $# -lt 2 ] || [ $# -gt 4 ]; then usage; fi
binary=$1
root=$2
word=${3:-tumor_size}
file=${4:-}
nvim=${NVIM:-nvim}
here=$(cd "$(dirname "$0")" && pwd)

command -v "$nvim" >/dev/null 2>&1 || { echo "$0: $nvim not found" >&2; exit 2; }
case $binary in
    */*) [ -x "$binary" ] || { echo "$0: $binary is not executable" >&2; exit 2; }
         binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary") ;;
    *)   command -v "$binary" >/dev/null 2>&1 || { echo "$0: $binary not found on PATH" >&2; exit 2; } ;;
esac
[ -d "$root" ] || { echo "$0: $root is not a directory" >&2; exit 2; }
root=$(cd "$root" && pwd)

if [ -z "$file" ]; then
    file=$(find "$root" -type f -name '*.nenrule' | LC_ALL=C sort | while IFS= read -r f; do
        if grep -qwF -- "$word" "$f"; then printf '%s\n' "$f"; break; fi
    done)
    [ -n "$file" ] || { echo "$0: no .nenrule file under $root mentions $word" >&2; exit 2; }
fi
[ -f "$file" ] || { echo "$0: $file is not a file" >&2; exit 2; }

# `-l` (script arguments in _G.arg) needs Neovim 0.9; `-c lua ...` with the arguments in the
# environment works on 0.7 too. `-n`: no swap file, so a file open elsewhere is no obstacle.
# The script exits Neovim itself; the pcall makes a script that fails to load exit 1 too, rather
# than leave a headless Neovim waiting.
export NENRULE_BIN="$binary" NENRULE_FILE="$file" NENRULE_WORD="$word" NENRULE_ROOT="$root"
export NENRULE_SMOKE_LUA="$here/nvim_smoke.lua"
exec "$nvim" --headless --clean -n -u NONE \
    -c 'lua local ok, e = pcall(dofile, os.getenv("NENRULE_SMOKE_LUA")) if not ok then io.stderr:write("nvim_smoke: FAIL: ", tostring(e), "\n") os.exit(1) end' \
    </dev/null

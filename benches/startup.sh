#!/usr/bin/env bash
# Start-up cost of the release binary: mean wall time (hyperfine) and peak memory
# (/usr/bin/time -v, maximum resident set size). Prints a small markdown table.
# Commands that need a keychain and a tenant (status, slots) are measured by
# benches/commands.rs against the sandbox tenant and a private Secret Service.
#
# usage: benches/startup.sh
#   STARTUP_BENCH_BIN=path   measure this binary instead of building target/release/rally-m365
#   STARTUP_BENCH_RUNS=N     hyperfine runs per command (default 50); RSS takes the max of 10 runs
#
# Installs hyperfine and time from apt when missing (needs root or sudo).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS=${STARTUP_BENCH_RUNS:-50}
RSS_RUNS=10
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ROWS=()

apt_install() { # apt_install <package...>
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
    echo "installing $* with apt-get" >&2
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2
}
command -v hyperfine >/dev/null 2>&1 || apt_install hyperfine
[ -x /usr/bin/time ] || apt_install time

if [ -n "${STARTUP_BENCH_BIN:-}" ]; then
    BIN=$STARTUP_BENCH_BIN
else
    echo "building the release binary ..." >&2
    # Ask cargo for the executable's path, so CARGO_TARGET_DIR and .cargo/config are honoured.
    BIN=$(cargo build --release --bin rally-m365 --message-format=json-render-diagnostics |
        sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)
fi
[ -x "$BIN" ] || { echo "no executable at '$BIN'" >&2; exit 1; }

# measure <label> <args...>: runs "$BIN <args...>" with the current environment and adds a row.
measure() {
    local label=$1
    shift
    local cmd i kb max_kb=0
    cmd=$(printf '%q ' "$BIN" "$@")
    # -N: no intermediate shell, so only the binary's own start-up is timed.
    hyperfine -N --warmup 3 --runs "$RUNS" --style basic --command-name "$label" \
        --export-csv "$WORK/h.csv" "$cmd" >&2
    for ((i = 0; i < RSS_RUNS; i++)); do
        /usr/bin/time -v -o "$WORK/time.txt" "$BIN" "$@" >/dev/null 2>&1 || {
            echo "'$label' failed:" >&2
            cat "$WORK/time.txt" >&2
            return 1
        }
        kb=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$WORK/time.txt")
        if ((kb > max_kb)); then max_kb=$kb; fi
    done
    # CSV columns: command,mean,stddev,median,user,system,min,max (seconds).
    ROWS+=("$(awk -F, -v kb="$max_kb" 'NR == 2 {
        printf "| `%s` | %.2f | %.2f | %.2f | %.1f |", $1, $2 * 1000, $3 * 1000, $8 * 1000, kb / 1024
    }' "$WORK/h.csv")")
}

measure "rally-m365 --help" --help

echo
echo "start-up of $BIN ($(nproc) cores, $RUNS runs; RSS = max of $RSS_RUNS runs)"
echo
echo "| command | mean (ms) | σ (ms) | max (ms) | max RSS (MiB) |"
echo "|---|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"

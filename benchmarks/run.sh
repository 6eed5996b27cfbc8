#!/usr/bin/env bash
# Generate the standard benchmark registries and time every abmctl command on each.
#
#   benchmarks/run.sh                 # all sizes, into /tmp/abmctl-bench
#   BENCH_SIZES="10k" benchmarks/run.sh
#
# Environment:
#   BENCH_DIR     where registries go            (default /tmp/abmctl-bench)
#   BENCH_SIZES   which sizes, space-separated   (default "10k 100k 1m")
#   BENCH_FORMAT  --format for every command     (default json)
#   BENCH_TIMEOUT seconds per command            (default 600)
#   BENCH_SCENARIOS sizes that also time `tiers apply` (200 changes), `tiers diff` of two
#                 git revisions, and `tiers history` and `report --html` of four quarterly
#                 commits, on registries made by scenarios.py  (default "10k")
#   ABMCTL        the command to time            (default: abmctl on PATH, else python -m abmctl)
#   PYTHON        interpreter for the generator  (default python3)
#
# A command that exits 0 or 1 ran (1 = findings at the fail level, for lint and overlap);
# anything else (2, a crash, a timeout, a command not written yet) is reported and skipped.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
out=${BENCH_DIR:-/tmp/abmctl-bench}
sizes=${BENCH_SIZES:-"10k 100k 1m"}
format=${BENCH_FORMAT:-json}
limit=${BENCH_TIMEOUT:-600}
scenarios=${BENCH_SCENARIOS:-10k}
python=${PYTHON:-python3}
as_of=2026-11-23

if [[ -n "${ABMCTL:-}" ]]; then
    read -ra abmctl <<<"$ABMCTL"
elif command -v abmctl >/dev/null 2>&1; then
    abmctl=(abmctl)
else
    abmctl=("$python" -m abmctl)
    export PYTHONPATH="$repo/src${PYTHONPATH:+:$PYTHONPATH}"
fi
if [[ ! -x /usr/bin/time ]]; then
    echo "run.sh: /usr/bin/time not found (apt-get install time)" >&2
    exit 2
fi

# size name -> accounts files activity_rows
declare -A spec=(
    [10k]="10000 20 100000"
    [100k]="100000 20 100000"
    [1m]="10000 20 1000000"
)
declare -A label=(
    [10k]="10k acc / 100k rows"
    [100k]="100k acc / 100k rows"
    [1m]="10k acc / 1M rows"
)
commands=(
    "lint"
    "handoff"
    "tiers plan"
    "overlap"
    "scorecard"
    "scorecard --trend --by territory"
    "explain north-000000"
)

generate() {  # reuse a registry generated earlier with the same parameters
    local name=$1 dir=$2
    read -r accounts files rows <<<"${spec[$name]}"
    local params="$accounts $files $rows $(sha1sum "$here/generate.py" | cut -c1-12)"
    if [[ -f "$dir/.params" && "$(cat "$dir/.params")" == "$params" ]]; then
        return 0
    fi
    rm -rf "$dir"
    "$python" "$here/generate.py" --accounts "$accounts" --files "$files" \
        --activity "$rows" --out "$dir" || return 1
    echo "$params" >"$dir/.params"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
results=()

timed() {  # timed SIZE LABEL DIR ARGS...: run abmctl ARGS in DIR once, record time and memory
    local size=$1 label=$2 cwd=$3
    shift 3
    (cd "$cwd" && /usr/bin/time -f "%e %M" -o "$tmp/time" \
        timeout "$limit" "${abmctl[@]}" "$@" >"$tmp/stdout" 2>"$tmp/stderr")
    local code=$? secs kb why
    read -r secs kb < <(tail -n 1 "$tmp/time")
    if [[ $code -le 1 ]]; then
        results+=("$size|$label|$secs s|$((kb / 1024)) MB|$code")
        echo "   $label: $secs s, $((kb / 1024)) MB (exit $code)" >&2
    else
        why=$(grep -v '^\s*$' "$tmp/stderr" | tail -n 1 | cut -c1-60)
        [[ $code -eq 124 ]] && why="timed out after ${limit}s"
        results+=("$size|$label|-|-|skipped (exit $code: ${why:-no message})")
        echo "   $label: skipped (exit $code)" >&2
    fi
}

for name in $sizes; do
    if [[ -z "${spec[$name]:-}" ]]; then
        echo "run.sh: unknown size '$name' (known: ${!spec[*]})" >&2
        continue
    fi
    dir="$out/$name"
    echo "== ${label[$name]}: $dir" >&2
    if ! generate "$name" "$dir"; then
        results+=("${label[$name]}|generate|-|-|failed")
        continue
    fi
    for cmd in "${commands[@]}"; do
        read -ra words <<<"$cmd"
        timed "${label[$name]}" "$cmd" "$PWD" "${words[@]}" --root "$dir" --as-of "$as_of" \
            --format "$format"
    done
    if [[ " $scenarios " == *" $name "* ]]; then
        # tiers apply writes its registry: a fresh copy each run; diff compares HEAD~1 and HEAD
        "$python" "$here/scenarios.py" apply "$dir" "$tmp/apply" &&
            timed "${label[$name]}" "tiers apply" "$PWD" tiers apply --root "$tmp/apply" \
                --as-of "$as_of" --force
        "$python" "$here/scenarios.py" diff "$dir" "$tmp/diff" &&
            timed "${label[$name]}" "tiers diff" "$tmp/diff" tiers diff HEAD~1 HEAD \
                --as-of "$as_of" --format "$format"
        "$python" "$here/scenarios.py" history "$dir" "$tmp/history" &&
            timed "${label[$name]}" "tiers history" "$tmp/history" tiers history \
                --as-of "$as_of" --format "$format" &&
            timed "${label[$name]}" "report --html" "$tmp/history" report --html \
                "$tmp/site" --as-of "$as_of" --quiet
    fi
done

echo
printf '%-22s %-12s %10s %10s  %s\n' "registry" "command" "wall" "max RSS" "exit"
printf '%-22s %-12s %10s %10s  %s\n' "--------" "-------" "----" "-------" "----"
for row in "${results[@]}"; do
    IFS='|' read -r size cmd secs mem code <<<"$row"
    printf '%-22s %-12s %10s %10s  %s\n' "$size" "$cmd" "$secs" "$mem" "$code"
done

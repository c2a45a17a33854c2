#!/usr/bin/env bash
# Cost reports at scale (docs/usage-benchmark.md, docs/sessions-benchmark.md):
#   usage summary --by session over a 1,000,000-line log, and session list with cost columns over 20,000 rollouts.
#
#   bench/cost.sh [HELPER]   HELPER = a codex-helper binary (default: publish Native AOT into $BENCH_WORK/aot)
#
# Knobs: BENCH_WORK (/tmp/codex-helper-bench), BENCH_LINES (1000000), BENCH_ROLLOUTS (20000), BENCH_RUNS (5).
# Prints wall and CPU (user + sys) seconds and peak RSS per run: on a shared machine CPU time is the steadier number.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_WORK:-/tmp/codex-helper-bench}
LINES=${BENCH_LINES:-1000000}
ROLLOUTS=${BENCH_ROLLOUTS:-20000}
RUNS=${BENCH_RUNS:-5}
mkdir -p "$WORK"
HELPER=${1:-}
if [ -z "$HELPER" ]; then
  echo "== publishing codex-helper (Native AOT)" >&2
  dotnet publish "$ROOT/src/CodexHelper" -c Release -r linux-x64 -p:PublishAot=true -o "$WORK/aot" >"$WORK/publish-aot.log" 2>&1
  HELPER="$WORK/aot/codex-helper"
fi

DATA="$WORK/cost-data"
export CODEX_HELPER_HOME="$DATA/helper" CODEX_HOME="$DATA/codex" CLAUDE_CONFIG_DIR="$DATA/claude"
mkdir -p "$CODEX_HELPER_HOME/logs" "$CODEX_HOME" "$CLAUDE_CONFIG_DIR"
if [ ! -s "$CODEX_HELPER_HOME/logs/requests.jsonl" ]; then
  echo "== generating $LINES log lines" >&2
  python3 "$ROOT/bench/cost/gen_log.py" "$LINES" "$CODEX_HELPER_HOME/logs/requests.jsonl" "$ROLLOUTS"
fi
if [ ! -d "$CODEX_HOME/sessions" ]; then
  echo "== generating $ROLLOUTS rollouts" >&2
  python3 "$ROOT/bench/cost/gen_rollouts.py" "$ROLLOUTS" "$CODEX_HOME"
fi

echo "machine: $(nproc) cores, $(uname -srm), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "log: $(wc -l <"$CODEX_HELPER_HOME/logs/requests.jsonl") lines, $(du -h "$CODEX_HELPER_HOME/logs/requests.jsonl" | cut -f1); rollouts: $(find "$CODEX_HOME/sessions" -name 'rollout-*' | wc -l)"
measure() { # measure NAME ARGS...
  local name=$1; shift
  for i in $(seq "$RUNS"); do
    /usr/bin/time -f "$name	%e s wall	%U+%S s cpu	%M KB" "$HELPER" "$@" >/dev/null 2>>"$WORK/cost-times.txt" || true
    tail -1 "$WORK/cost-times.txt"
  done
}
: >"$WORK/cost-times.txt"
measure "usage summary --by session" usage summary --by session
measure "usage summary --by session --json --limit 0" usage summary --by session --json --limit 0
# gen_log.py logs only even-numbered sessions: project-08's come from the log, project-07's from their rollouts.
measure "session list --path project-08 (20 sessions, usage from the log)" session list --path /home/dev/projects/project-08
measure "session list --path project-07 (20 sessions, usage from the rollouts)" session list --path /home/dev/projects/project-07
measure "session list --all --json (20 sessions, cost columns)" session list --all --json

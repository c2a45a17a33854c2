#!/usr/bin/env bash
# Gateway load benchmark (issue 18): 16 concurrent clients through two `serve --gateway` replicas sharing Redis,
# against the same 16 clients on one gateway replica without --state, and on the plain local proxy.
#
#   bench/gateway.sh            # BENCH_DURATION (s per run, 10), BENCH_ROUNDS (2), BENCH_WARMUP (s per target, 30: the JIT build tiers up)
#
# Upstream: StreamingBench's kestrel-sink (a fixed ~1 KB JSON answer with usage). Each client is one wrk connection
# sending a ~100 KB Codex-like POST /responses with a client token. Two wrk processes with 8 connections each run at
# once (for the two replicas one per replica, as a load balancer would spread them) and their req/s are added.
# Writes bench/results/gateway-<date-time>.md and prints it.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_WORK:-/tmp/codex-helper-bench}
DURATION=${BENCH_DURATION:-10}
ROUNDS=${BENCH_ROUNDS:-2}
WARMUP=${BENCH_WARMUP:-30}
mkdir -p "$WORK" "$ROOT/bench/results"
RESULT="$ROOT/bench/results/gateway-$(date +%Y-%m-%d-%H%M).md"
SCRATCH=$(mktemp -d "$WORK/gw.XXXXXX")
export CODEX_HELPER_HOME="$SCRATCH/helper" CODEX_HOME="$SCRATCH/codex" CLAUDE_CONFIG_DIR="$SCRATCH/claude"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$CODEX_HELPER_HOME" "$CODEX_HOME" "$CLAUDE_CONFIG_DIR"

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$SCRATCH"
}
trap cleanup EXIT
say() { echo "== $*" >&2; }

for tool in wrk:wrk redis-server:redis-server; do
  if ! command -v "${tool%%:*}" >/dev/null 2>&1; then
    say "installing ${tool#*:}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tool#*:}" >/dev/null
  fi
done

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p=$(( 20000 + RANDOM % 20000 )); while port_in_use "$p"; do p=$((p + 1)); done; echo "$p"; }
wait_port() { for _ in $(seq 1 300); do port_in_use "$1" && return 0; kill -0 "$2" 2>/dev/null || return 1; sleep 0.1; done; return 1; }

say "publishing codex-helper (Release, JIT) and StreamingBench"
dotnet publish "$ROOT/src/CodexHelper" -c Release -o "$WORK/jit" >"$WORK/publish-jit.log" 2>&1 || { cat "$WORK/publish-jit.log" >&2; exit 1; }
dotnet build "$ROOT/bench/StreamingBench" -c Release -o "$WORK/streamingbench" >"$WORK/build-streamingbench.log" 2>&1 || { cat "$WORK/build-streamingbench.log" >&2; exit 1; }
CH="$WORK/jit/codex-helper"
SB="$WORK/streamingbench/StreamingBench"

"$SB" gen-body --out "$SCRATCH/body.json" --kb 100 2>/dev/null
printf '%s' '{"id":"resp_1","object":"response","status":"completed","model":"gpt-5-codex","output":[{"type":"message","role":"assistant","content":[{"type":"output_text","text":"ok"}]}],"usage":{"input_tokens":41230,"input_tokens_details":{"cached_tokens":40960},"output_tokens":312,"output_tokens_details":{"reasoning_tokens":128},"total_tokens":41542}}' >"$SCRATCH/answer.json"
UP=$(free_port)
"$SB" floor --mode sink --port "$UP" --answer "$SCRATCH/answer.json" --upstream "http://127.0.0.1:1" >"$SCRATCH/upstream.log" 2>&1 &
PIDS+=("$!"); wait_port "$UP" "$!" || { cat "$SCRATCH/upstream.log" >&2; exit 1; }

REDIS=$(free_port)
redis-server --port "$REDIS" --bind 127.0.0.1 --save "" --appendonly no >"$SCRATCH/redis.log" 2>&1 &
PIDS+=("$!"); wait_port "$REDIS" "$!" || { cat "$SCRATCH/redis.log" >&2; exit 1; }

printf '%s' "{\"version\":1,\"codex\":{\"active\":\"b\",\"configs\":{\"b\":{\"name\":\"b\",\"upstreams\":[{\"base_url\":\"http://127.0.0.1:$UP\",\"auth\":{\"auth_token\":\"sk-bench-0000000000\"}}]}}},\"claude\":{\"active\":null,\"configs\":{}}}" >"$CODEX_HELPER_HOME/config.json"
TOKEN=$("$CH" token add bench --budget-usd 1000000 2>/dev/null)

start() { # start PORT ARGS... → pid
  local port=$1; shift
  "$CH" serve --codex --host 127.0.0.1 --port "$port" "$@" >"$SCRATCH/serve-$port.log" 2>&1 &
  local pid=$!; PIDS+=("$pid")
  wait_port "$port" "$pid" || { cat "$SCRATCH/serve-$port.log" >&2; exit 1; }
  echo "$pid"
}
P_LOCAL=$(free_port); start "$P_LOCAL" >/dev/null
P_ONE=$(free_port); start "$P_ONE" --gateway --instance one >/dev/null
P_A=$(free_port); start "$P_A" --gateway --instance a --state "redis://127.0.0.1:$REDIS" >/dev/null
P_B=$(free_port); start "$P_B" --gateway --instance b --state "redis://127.0.0.1:$REDIS" >/dev/null

cat >"$SCRATCH/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
local f = assert(io.open("$SCRATCH/body.json", "rb"))
wrk.body = f:read("*a")
f:close()
LUA

wrk_rps() { # wrk_rps URL CONNS SECS → "rps p50ms errors"
  local log
  log=$(wrk -t1 -c"$2" -d"$3"s --latency -s "$SCRATCH/post.lua" "$1" 2>&1) || true
  echo "$log" >>"$SCRATCH/wrk.log"
  local rps p50 non2xx
  rps=$(echo "$log" | awk '/^Requests\/sec:/ {print $2}')
  p50=$(echo "$log" | awk '$1 == "50%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) sub(/ms$/,"",v); else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; print v}')
  non2xx=$(echo "$log" | awk '/Non-2xx/ {print $NF}')
  echo "${rps:-0} ${p50:-nan} ${non2xx:-0}"
}

run_target() { # run_target NAME SECS → "rps p50 errors"
  # Every target gets the same two wrk processes of 8 connections (on a shared machine more load processes would
  # also mean a larger share of the CPU): both to one port, or one to each replica.
  local first second
  case $1 in
    local) first=$P_LOCAL; second=$P_LOCAL ;;
    gateway-1) first=$P_ONE; second=$P_ONE ;;
    gateway-2-redis) first=$P_A; second=$P_B ;;
  esac
  wrk_rps "http://127.0.0.1:$first/responses" 8 "$2" >"$SCRATCH/a.out" &
  local wa=$!
  wrk_rps "http://127.0.0.1:$second/responses" 8 "$2" >"$SCRATCH/b.out"
  wait "$wa"
  awk 'FNR==1 {r += $1; p += $2; e += $3} END {printf "%.2f %.3f %d\n", r, p / 2, e}' "$SCRATCH/a.out" "$SCRATCH/b.out"
}

TARGETS="local gateway-1 gateway-2-redis"
say "warming up ($WARMUP s each)"
for t in $TARGETS; do run_target "$t" "$WARMUP" >/dev/null; done
: >"$SCRATCH/raw"
for r in $(seq 1 "$ROUNDS"); do
  for t in $TARGETS; do
    say "round $r: $t"
    echo "$t $(run_target "$t" "$DURATION")" >>"$SCRATCH/raw"
  done
done

{
  echo "# Gateway throughput, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB; shared with other builds, so numbers are noisy."
  echo "16 concurrent clients (wrk connections), ${DURATION} s × $ROUNDS interleaved rounds after ${WARMUP} s warm-up per target; ~100 KB POST /responses, small JSON answer from a Kestrel sink."
  echo "Every process (wrk, the replicas, Redis, the upstream) runs on this one machine: two replicas do not get more CPU than one."
  echo
  echo "| target | req/s | p50 ms | non-2xx | × local |"
  echo "|---|---:|---:|---:|---:|"
  awk -v targets="$TARGETS" '{n[$1]++; r[$1] += $2; p[$1] += $3; e[$1] += $4}
    END { nt = split(targets, T, " "); base = r["local"] / n["local"];
      for (i = 1; i <= nt; i++) { t = T[i]; printf "| %s | %.0f | %.2f | %d | %.2f |\n", t, r[t] / n[t], p[t] / n[t], e[t], (r[t] / n[t]) / base } }' "$SCRATCH/raw"
  echo
  echo "*local*: \`serve\` (no token check). *gateway-1*: one \`serve --gateway\` replica, state in memory. *gateway-2-redis*: two replicas with \`--state redis://…\`, 8 clients each. p50 is the mean of the two wrk processes' p50."
  echo "Target: gateway-2-redis ≥ 0.8 × local (on one machine the replicas share its cores)."
} >"$RESULT"
echo "results: $RESULT" >&2
cat "$RESULT"

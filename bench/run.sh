#!/usr/bin/env bash
# The codex-helper benchmark suite (docs/benchmarks.md). One command runs it all:
#
#   bench/run.sh                                  # every part
#   bench/run.sh throughput streaming memory startup micro dashboard translation   # any subset, in that order
#
# Knobs (environment): BENCH_DURATION (s per wrk run, 10), BENCH_ROUNDS (2), BENCH_CONNECTIONS ("16 64"),
# BENCH_WARMUP (s of load per target before measuring, 30), BENCH_STREAM_RUNS (5), BENCH_STARTUP_RUNS (20), BENCH_ROLLOUTS (20000), BENCH_VARIANTS ("jit aot"),
# BENCH_DASHBOARD_ROUNDS (4), BENCH_TRANSLATION_ROUNDS (3), BENCH_TRANSLATION_REQUESTS (1500), BENCH_WORK (/tmp/codex-helper-bench: build outputs, the rollout tree, nginx files).
# It writes bench/results/<date-time>.md and prints it.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH="$ROOT/bench"
WORK=${BENCH_WORK:-/tmp/codex-helper-bench}
DURATION=${BENCH_DURATION:-10}
ROUNDS=${BENCH_ROUNDS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-"16 64"}
STREAM_RUNS=${BENCH_STREAM_RUNS:-5}
STARTUP_RUNS=${BENCH_STARTUP_RUNS:-20}
ROLLOUTS=${BENCH_ROLLOUTS:-20000}
VARIANTS=${BENCH_VARIANTS:-"jit aot"}
ALL_PARTS="throughput streaming memory startup micro dashboard translation"
PARTS=${*:-$ALL_PARTS}

for p in $PARTS; do
  case " $ALL_PARTS " in *" $p "*) ;; *) echo "bench/run.sh: unknown part '$p' (parts: $ALL_PARTS)" >&2; exit 2 ;; esac
done

mkdir -p "$WORK" "$BENCH/results"
STAMP=$(date +%Y-%m-%d-%H%M)
RESULT="$BENCH/results/$STAMP.md"
: >"$RESULT"

# Never touch the real homes: every codex-helper started here gets temporary ones (the parts override per process).
SCRATCH=$(mktemp -d "$WORK/run.XXXXXX")
export CODEX_HELPER_HOME="$SCRATCH/helper-home" CODEX_HOME="$SCRATCH/codex-home" CLAUDE_CONFIG_DIR="$SCRATCH/claude-home"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

say() { echo "== $*" >&2; }
out() { printf '%s\n' "$*" >>"$RESULT"; }
has_part() { case " $PARTS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

# ---------------------------------------------------------------- tools
MISSING_NOTES=()
ensure_packages() { # ensure_packages CHECK_CMD PACKAGE... ; CHECK_CMD is "cmd:NAME" or "dpkg:NAME"
  local need=()
  while [ $# -gt 0 ]; do
    local check=$1 pkg=$2; shift 2
    case $check in
      cmd:*) command -v "${check#cmd:}" >/dev/null 2>&1 || need+=("$pkg") ;;
      dpkg:*) dpkg -s "${check#dpkg:}" >/dev/null 2>&1 || need+=("$pkg") ;;
    esac
  done
  [ ${#need[@]} -eq 0 ] && return 0
  say "installing ${need[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo="sudo -n"
  if ! $sudo apt-get install -y -q "${need[@]}" >"$WORK/apt.log" 2>&1; then
    $sudo apt-get update -q >>"$WORK/apt.log" 2>&1 || true
    $sudo apt-get install -y -q "${need[@]}" >>"$WORK/apt.log" 2>&1 || {
      MISSING_NOTES+=("could not install ${need[*]} (see $WORK/apt.log)")
      return 1
    }
  fi
}

# ---------------------------------------------------------------- builds
declare -A HELPER
publish_helpers() {
  say "publishing codex-helper (Release, framework-dependent JIT)"
  dotnet publish "$ROOT/src/CodexHelper" -c Release -o "$WORK/jit" >"$WORK/publish-jit.log" 2>&1 \
    || { cat "$WORK/publish-jit.log" >&2; echo "bench/run.sh: the Release publish failed" >&2; exit 1; }
  HELPER[jit]="$WORK/jit/codex-helper"
  if [[ " $VARIANTS " == *" aot "* ]]; then
    if ensure_packages cmd:clang clang dpkg:zlib1g-dev zlib1g-dev; then
      say "publishing codex-helper (Native AOT, linux-x64)"
      if dotnet publish "$ROOT/src/CodexHelper" -c Release -r linux-x64 -p:PublishAot=true -o "$WORK/aot" >"$WORK/publish-aot.log" 2>&1; then
        HELPER[aot]="$WORK/aot/codex-helper"
      else
        MISSING_NOTES+=("the Native AOT publish failed (see $WORK/publish-aot.log); AOT variant skipped")
      fi
    else
      MISSING_NOTES+=("clang/zlib1g-dev missing: Native AOT variant skipped")
    fi
  fi
}

variants() { for v in $VARIANTS; do [ -n "${HELPER[$v]:-}" ] && echo "$v"; done; }

SB=""
build_streaming_bench() {
  [ -n "$SB" ] && return 0
  say "building bench/StreamingBench"
  dotnet build "$BENCH/StreamingBench" -c Release -o "$WORK/streamingbench" >"$WORK/build-streamingbench.log" 2>&1 \
    || { cat "$WORK/build-streamingbench.log" >&2; exit 1; }
  SB="$WORK/streamingbench/StreamingBench"
}

# ---------------------------------------------------------------- helpers for processes
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p=$(( 20000 + RANDOM % 20000 ))
  while port_in_use "$p"; do p=$((p + 1)); done
  echo "$p"
}
wait_port() { # wait_port PORT PID
  for _ in $(seq 1 300); do
    port_in_use "$1" && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# start_helper VARIANT UPSTREAM_URL PORT → starts `serve` with its own homes, one filter rule, logging on.
start_helper() {
  local variant=$1 upstream=$2 port=$3 home="$SCRATCH/helper-$1-$3"
  mkdir -p "$home/helper" "$home/codex" "$home/claude"
  printf '%s' "{\"version\":1,\"codex\":{\"active\":\"b\",\"configs\":{\"b\":{\"name\":\"b\",\"upstreams\":[{\"base_url\":\"$upstream\",\"auth\":{\"auth_token\":\"sk-bench-0000000000\"}}]}}},\"claude\":{\"active\":null,\"configs\":{}}}" >"$home/helper/config.json"
  printf '%s' '[{"op":"replace","source":"secret-corp.com","target":"[REDACTED]"}]' >"$home/helper/filter.json"
  CODEX_HELPER_HOME="$home/helper" CODEX_HOME="$home/codex" CLAUDE_CONFIG_DIR="$home/claude" \
    "${HELPER[$variant]}" serve --codex --port "$port" --host 127.0.0.1 >"$home/console.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  wait_port "$port" "$pid" || { cat "$home/console.log" >&2; echo "bench/run.sh: codex-helper ($variant) did not start" >&2; exit 1; }
  echo "$pid"
}

# ---------------------------------------------------------------- machine
machine() {
  local cpu mem
  cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
  mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)
  out "# codex-helper benchmarks — $STAMP"
  out ""
  out "Machine: $(nproc) cores, $cpu, $mem RAM, Linux $(uname -r), .NET SDK $(dotnet --version), load average at start $(cut -d' ' -f1-3 /proc/loadavg)."
  out "Commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (with local changes)'). Parts: $PARTS."
  out "Settings: wrk ${DURATION} s × $ROUNDS rounds at $CONNECTIONS connections; $STREAM_RUNS streaming runs; $STARTUP_RUNS start-up runs; $ROLLOUTS rollouts; variants: $VARIANTS."
  out ""
}

# ---------------------------------------------------------------- part 1: throughput
to_ms() { # wrk durations: 812.00us, 1.23ms, 1.05s, 1.2m
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.3f", v * 60000 }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
    else printf "nan" }'
}

cpu_ticks() { # cpu_ticks PID... → user+system clock ticks of those processes (threads included)
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    total=$(( total + $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}') ))
  done
  echo "$total"
}

run_wrk() { # run_wrk URL CONNECTIONS SECONDS [PID...] → "rps p50 p99 errors cpu_us_per_request"
  local url=$1 conns=$2 secs=$3; shift 3
  local log c0 c1
  c0=$(cpu_ticks "$@")
  log=$(wrk -t2 -c"$conns" -d"$secs"s --latency -s "$SCRATCH/post.lua" "$url" 2>&1) || true
  c1=$(cpu_ticks "$@")
  echo "$log" >>"$SCRATCH/wrk.log"
  local rps p50 p99 non2xx sockerr requests
  rps=$(echo "$log" | awk '/^Requests\/sec:/ {print $2}')
  p50=$(to_ms "$(echo "$log" | awk '$1 == "50%" {print $2}')")
  p99=$(to_ms "$(echo "$log" | awk '$1 == "99%" {print $2}')")
  non2xx=$(echo "$log" | awk '/Non-2xx/ {print $NF}')
  sockerr=$(echo "$log" | awk -F'[ ,]+' '/Socket errors/ {s=0; for (i=1;i<=NF;i++) if ($i ~ /^[0-9]+$/) s+=$i; print s}')
  requests=$(echo "$log" | awk '/requests in/ {print $1}')
  local cpu_us="nan"
  [ "${requests:-0}" -gt 0 ] && [ $# -gt 0 ] && cpu_us=$(awk -v t=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN {printf "%.0f", t / hz * 1e6 / n}')
  echo "${rps:-0} ${p50:-nan} ${p99:-nan} $(( ${non2xx:-0} + ${sockerr:-0} )) $cpu_us"
}

part_throughput() {
  if ! ensure_packages cmd:nginx nginx-light cmd:wrk wrk; then
    out "## 1. Throughput and added latency"; out ""; out "Skipped: nginx and/or wrk are missing and could not be installed."; out ""
    return 0
  fi
  build_streaming_bench
  local body="$SCRATCH/body-100k.json"
  "$SB" gen-body --out "$body" --kb 100 2>/dev/null
  cat >"$SCRATCH/post.lua" <<EOF
-- A Codex-like POST /responses with a ~100 KB JSON body.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-client-not-used"
local f = assert(io.open("$body", "rb"))
wrk.body = f:read("*a")
f:close()
EOF

  local A B ng="$SCRATCH/nginx"
  A=$(free_port); B=$(( A + 1 )); while port_in_use "$B"; do B=$((B + 1)); done
  mkdir -p "$ng/tmp"
  # A ~1 KB non-streaming Responses answer (no '$' or single quotes: nginx would read them as variables/quotes).
  local answer='{"id":"resp_0a1b2c3d4e5f","object":"response","created_at":1762000000,"status":"completed","model":"gpt-5-codex","output":[{"id":"rs_01","type":"reasoning","summary":[]},{"id":"msg_01","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","annotations":[],"text":"The deploy script reads DEPLOY_TOKEN before the environment file is loaded, so the request goes out without a token and the API answers 403. Load the environment first (line 12 of deploy.py) and the call succeeds. I also added a test that fails when the token is empty, and the existing tests still pass."}]}],"parallel_tool_calls":false,"reasoning":{"effort":"medium","summary":"auto"},"store":false,"temperature":1.0,"text":{"format":{"type":"text"},"verbosity":"medium"},"tool_choice":"auto","tools":[],"top_p":1.0,"truncation":"disabled","usage":{"input_tokens":41230,"input_tokens_details":{"cached_tokens":40960},"output_tokens":312,"output_tokens_details":{"reasoning_tokens":128},"total_tokens":41542},"user":null,"metadata":{}}'
  local user_line=""
  [ "$(id -u)" -eq 0 ] && user_line="user root;"
  cat >"$ng/nginx.conf" <<EOF
$user_line
worker_processes auto;
daemon off;
pid $ng/nginx.pid;
error_log $ng/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $ng/tmp/body;
  proxy_temp_path $ng/tmp/proxy;
  fastcgi_temp_path $ng/tmp/fastcgi;
  uwsgi_temp_path $ng/tmp/uwsgi;
  scgi_temp_path $ng/tmp/scgi;
  client_max_body_size 64m;
  # Keep 100 KB bodies in memory (the default 16k would spool each one to a temp file).
  client_body_buffer_size 1m;
  keepalive_requests 1000000;
  upstream fixed { server 127.0.0.1:$A; keepalive 64; }
  server {
    listen 127.0.0.1:$A;
    location / { default_type application/json; return 200 '$answer'; }
  }
  server {
    listen 127.0.0.1:$B;
    location / {
      proxy_pass http://fixed;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
EOF
  nginx -t -c "$ng/nginx.conf" -p "$ng" >"$ng/test.log" 2>&1 || { cat "$ng/test.log" >&2; exit 1; }
  nginx -c "$ng/nginx.conf" -p "$ng" &
  local ngpid=$!
  PIDS+=("$ngpid")
  wait_port "$B" "$ngpid" || { echo "bench/run.sh: nginx did not start" >&2; exit 1; }

  local ngworkers
  ngworkers=$(pgrep -P "$ngpid" | tr '\n' ' ')
  declare -A URL=([direct]="http://127.0.0.1:$A/responses" [nginx]="http://127.0.0.1:$B/responses")
  # Whose CPU time a run is charged to: nginx's workers (upstream, and proxy for the nginx target), or the helper.
  declare -A CPU=([direct]="$ngpid $ngworkers" [nginx]="$ngpid $ngworkers")
  local targets="direct nginx" v port
  for v in $(variants); do
    port=$(free_port)
    start_helper "$v" "http://127.0.0.1:$A" "$port" >/dev/null
    URL[helper-$v]="http://127.0.0.1:$port/responses"
    CPU[helper-$v]="${PIDS[${#PIDS[@]}-1]}"
    targets="$targets helper-$v"
  done

  # Two floors built on the proxy's own Kestrel set-up (bench/StreamingBench/FloorServer.cs): kestrel-sink answers
  # by itself (the server framework's cost per request, no upstream); kestrel-forward is a plain forwarder.
  printf '%s' "$answer" >"$SCRATCH/answer.json"
  local f
  for f in sink forward; do
    port=$(free_port)
    "$SB" floor --mode "$f" --port "$port" --answer "$SCRATCH/answer.json" --upstream "http://127.0.0.1:$A" >"$SCRATCH/floor-$f.log" 2>&1 &
    PIDS+=("$!")
    wait_port "$port" "$!" || { cat "$SCRATCH/floor-$f.log" >&2; echo "bench/run.sh: floor server ($f) did not start" >&2; exit 1; }
    URL[kestrel-$f]="http://127.0.0.1:$port/responses"
    CPU[kestrel-$f]="$!"
    targets="$targets kestrel-$f"
  done

  say "throughput: warming up ($targets)"
  # The JIT build tiers its hot code up during the first ~25 s under load (CPU per request in 5 s windows from a cold
  # start: 474, 318, 172, 157, 131 µs, then flat); measure the steady state.
  for t in $targets; do run_wrk "${URL[$t]}" 16 "${BENCH_WARMUP:-30}" >/dev/null; done
  local raw="$SCRATCH/throughput.tsv"
  : >"$raw"
  for r in $(seq 1 "$ROUNDS"); do
    for c in $CONNECTIONS; do
      for t in $targets; do
        say "throughput: round $r, $c connections, $t"
        # shellcheck disable=SC2086
        echo "$r $c $t $(run_wrk "${URL[$t]}" "$c" "$DURATION" ${CPU[$t]})" >>"$raw"
      done
    done
  done

  out "## 1. Throughput and added latency"
  out ""
  out "POST /responses with a $(stat -c %s "$body")-byte Codex-like JSON body; upstream = nginx returning a fixed $(printf '%s' "$answer" | wc -c)-byte JSON answer."
  out "wrk -t2, ${DURATION} s per run, $ROUNDS interleaved rounds (direct, nginx, helper… per connection count); numbers are the mean of the rounds."
  out "codex-helper runs \`serve\` with one filter rule and request logging on. *added p50* = p50 − direct's p50."
  out "*CPU µs/req*: CPU time per request of nginx (master + workers: for direct that is the upstream alone, for nginx upstream + proxy) or of the codex-helper process (proxy alone)."
  out "*kestrel-sink* and *kestrel-forward* are references built on codex-helper's own Kestrel set-up (JIT): the sink reads the body and answers the same fixed answer itself (no upstream: the server framework's own cost per request); the forwarder is a plain Kestrel + HttpClient forwarder without filter, log or usage scan. Their CPU µs/req is their own process."
  out ""
  out "| conns | target | req/s | p50 ms | p99 ms | added p50 ms | × nginx req/s | × direct req/s | CPU µs/req | errors |"
  out "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -v targets="$targets" -v conns="$CONNECTIONS" '
    { k = $2 SUBSEP $3; n[k]++; rps[k] += $4; p50[k] += $5; p99[k] += $6; err[k] += $7; cpu[k] += $8 }
    END {
      nt = split(targets, T, " "); nc = split(conns, C, " ")
      for (ci = 1; ci <= nc; ci++) {
        c = C[ci]; d = c SUBSEP "direct"; g = c SUBSEP "nginx"
        dr = rps[d] / n[d]; dp = p50[d] / n[d]; gr = rps[g] / n[g]; gp = p50[g] / n[g]
        for (ti = 1; ti <= nt; ti++) {
          t = T[ti]; k = c SUBSEP t
          if (!n[k]) continue
          r = rps[k] / n[k]; p = p50[k] / n[k]; q = p99[k] / n[k]
          printf "| %s | %s | %.0f | %.2f | %.2f | %s | %s | %.2f | %.0f | %d |\n", c, t, r, p, q,
            (t == "direct" ? "—" : sprintf("%.2f", p - dp)), (t ~ /^helper/ ? sprintf("**%.2f**", r / gr) : t ~ /^kestrel/ ? sprintf("%.2f", r / gr) : "—"), r / dr, cpu[k] / n[k], err[k]
        }
      }
      print ""
      print "Targets (codex-helper, issue 26): req/s ≥ 0.9 × nginx; added p50 ≤ 1.5 × nginx added p50; AOT req/s ≥ JIT req/s."
      print ""
      print "| conns | variant | req/s vs nginx | verdict | added p50 (helper / nginx) | verdict |"
      print "|---:|---|---:|---|---:|---|"
      for (ci = 1; ci <= nc; ci++) {
        c = C[ci]; d = c SUBSEP "direct"; g = c SUBSEP "nginx"
        dp = p50[d] / n[d]; gr = rps[g] / n[g]; ga = p50[g] / n[g] - dp
        for (ti = 1; ti <= nt; ti++) {
          t = T[ti]; k = c SUBSEP t
          if (t !~ /^helper/ || !n[k]) continue
          ratio = (rps[k] / n[k]) / gr; added = p50[k] / n[k] - dp
          limit = 1.5 * ga
          printf "| %s | %s | %.2f × | %s | %.2f ms / %.2f ms | %s |\n", c, substr(t, 8), ratio,
            (ratio >= 0.9 ? "**met**" : sprintf("**missed** (needs %.0f%% more)", (0.9 / ratio - 1) * 100)),
            added, ga, (added <= limit ? "**met**" : sprintf("**missed** by %.2f ms (limit %.2f)", added - limit, limit))
        }
      }
      for (ci = 1; ci <= nc; ci++) {
        c = C[ci]; j = c SUBSEP "helper-jit"; a = c SUBSEP "helper-aot"
        if (!n[j] || !n[a]) continue
        aj = (rps[a] / n[a]) / (rps[j] / n[j])
        printf "| %s | AOT vs JIT | %.2f × | %s | CPU µs/req %.0f (AOT) / %.0f (JIT) | |\n", c, aj,
          (aj >= 1 ? "**met**" : sprintf("**missed** (AOT needs %.0f%% more)", (1 / aj - 1) * 100)), cpu[a] / n[a], cpu[j] / n[j]
      }
    }' "$raw" >>"$RESULT"
  out ""
  out "<details><summary>Every run (round, connections, target, req/s, p50 ms, p99 ms, errors, CPU µs/req)</summary>"
  out ""
  out '```'
  cat "$raw" >>"$RESULT"
  out '```'
  out "</details>"
  out ""
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}

# ---------------------------------------------------------------- part 2: streaming
part_streaming() {
  build_streaming_bench
  out "## 2. Streaming fidelity"
  out ""
  local v
  for v in $(variants); do
    say "streaming: $v"
    "$SB" stream --helper "${HELPER[$v]}" --label "codex-helper ($v)" --runs "$STREAM_RUNS" >>"$RESULT" \
      || out "The streaming measurement failed for $v."
  done
}

# ---------------------------------------------------------------- part 3: memory
part_memory() {
  build_streaming_bench
  out "## 3. Memory"
  out ""
  local v
  for v in $(variants); do
    say "memory: $v"
    "$SB" memory --helper "${HELPER[$v]}" --label "codex-helper ($v)" >>"$RESULT" \
      || out "The memory measurement failed for $v."
  done
}

# ---------------------------------------------------------------- part 4: start-up
part_startup() {
  build_streaming_bench
  local tree="$WORK/rollouts-$ROLLOUTS"
  say "start-up: rollout tree ($ROLLOUTS rollouts) in $tree"
  "$SB" gen-rollouts --dir "$tree" --count "$ROLLOUTS" --instructions-kb 30 >&2
  local home="$SCRATCH/startup"
  mkdir -p "$home/helper" "$home/claude"
  printf '%s' '{"version":1,"codex":{"active":"b","configs":{"b":{"name":"b","upstreams":[{"base_url":"http://127.0.0.1:9","auth":{"auth_token":"sk-bench-0000000000"}}]}}},"claude":{"active":null,"configs":{}}}' >"$home/helper/config.json"
  export CODEX_HELPER_HOME="$home/helper" CODEX_HOME="$tree" CLAUDE_CONFIG_DIR="$home/claude"
  local have_hf=1
  ensure_packages cmd:hyperfine hyperfine || have_hf=0

  out "## 4. Start-up"
  out ""
  out "Wall time of one command, median of repeated runs ($([ $have_hf = 1 ] && echo "hyperfine -N, 3 warm-up runs" || echo "shell loop, date +%s%N")); \`session list --all\` over $ROLLOUTS generated rollouts ($(du -sh "$tree/sessions" | cut -f1) on disk, ~30 KB session_meta each)."
  out ""
  out "| command | variant | median ms | mean ± σ ms | runs | exit code | first line of output | target | verdict |"
  out "|---|---|---:|---:|---:|---:|---|---:|---|"
  local v name args target runs
  for v in $(variants); do
    while IFS='|' read -r name args target runs; do
      local bin="${HELPER[$v]}" rc first median mean sd
      # shellcheck disable=SC2086
      first=$("$bin" $args 2>&1 | grep -m1 -v '^[[:space:]]*$' | cut -c1-60 | tr '|' '/') || true
      # shellcheck disable=SC2086
      rc=$("$bin" $args >/dev/null 2>&1; echo $?) || true
      say "start-up: $v $name"
      if [ $have_hf = 1 ]; then
        hyperfine -N -i --warmup 3 --runs "$runs" --export-json "$SCRATCH/hf.json" "$bin $args" >/dev/null 2>&1
        median=$(jq '.results[0].median * 1000' "$SCRATCH/hf.json")
        mean=$(jq '.results[0].mean * 1000' "$SCRATCH/hf.json")
        sd=$(jq '(.results[0].stddev // 0) * 1000' "$SCRATCH/hf.json")
      else
        local times=()
        for _ in $(seq 1 "$runs"); do
          local t0 t1; t0=$(date +%s%N)
          # shellcheck disable=SC2086
          "$bin" $args >/dev/null 2>&1 || true
          t1=$(date +%s%N); times+=($(( (t1 - t0) / 1000 )))
        done
        read -r median mean sd < <(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1; s+=$1; q+=$1*$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; mu=s/NR; printf "%.3f %.3f %.3f\n", m/1000, mu/1000, sqrt(q/NR-mu*mu)/1000}')
      fi
      awk -v n="$name" -v v="$v" -v m="$median" -v mu="$mean" -v sd="$sd" -v r="$runs" -v rc="$rc" -v f="$first" -v t="$target" 'BEGIN {
        printf "| `%s` | %s | %.1f | %.1f ± %.1f | %d | %s | %s | ≤ %d | %s |\n", n, v, m, mu, sd, r, rc, f, t,
          (rc != 0 ? sprintf("n/a (exit %s)", rc) : m <= t ? "**met**" : sprintf("**missed** by %.0f ms", m - t)) }' >>"$RESULT"
    done <<EOF
--version|--version|100|$STARTUP_RUNS
status|status|150|$STARTUP_RUNS
session list --all|session list --all|500|$(( STARTUP_RUNS < 10 ? STARTUP_RUNS : 10 ))
EOF
  done
  out ""
  out "Sizes: $(for v in $(variants); do printf '%s: executable %s MB, publish folder %s (without .dbg); ' "$v" "$(awk -v b="$(stat -c %s "${HELPER[$v]}")" 'BEGIN {printf "%.1f", b / 1e6}')" "$(du -sh --exclude='*.dbg' "$(dirname "${HELPER[$v]}")" | cut -f1)"; done)"
  out ""
}

# ---------------------------------------------------------------- part 5: micro-benchmarks
part_micro() {
  say "micro: building bench/CodexHelper.Benchmarks"
  dotnet build "$BENCH/CodexHelper.Benchmarks" -c Release -o "$WORK/benchmarks" >"$WORK/build-benchmarks.log" 2>&1 \
    || { cat "$WORK/build-benchmarks.log" >&2; exit 1; }
  rm -rf "$WORK/bdn"
  say "micro: running BenchmarkDotNet (a few minutes)"
  local rc=0
  (cd "$WORK" && dotnet "$WORK/benchmarks/CodexHelper.Benchmarks.dll" --verdict "$SCRATCH/verdict.md" --filter '*' --artifacts "$WORK/bdn" >"$WORK/bdn.log" 2>&1) || rc=$?
  out "## 5. Hot paths (BenchmarkDotNet, in-process, 3 warm-up + 5 measured iterations)"
  out ""
  if [ -f "$SCRATCH/verdict.md" ]; then cat "$SCRATCH/verdict.md" >>"$RESULT"; else out "BenchmarkDotNet failed (exit $rc); see $WORK/bdn.log"; fi
  out ""
  local report
  for report in "$WORK"/bdn/results/*-report-github.md; do
    [ -f "$report" ] || continue
    out "<details><summary>BenchmarkDotNet report</summary>"
    out ""
    sed -n '/^|/p' "$report" >>"$RESULT"
    out ""
    out "</details>"
    out ""
  done
}

# ---------------------------------------------------------------- part 6: an open dashboard
part_dashboard() {
  build_streaming_bench
  out "## 6. An open dashboard"
  out ""
  out "Throughput with one dashboard viewer connected (reading every event) against none, interleaved rounds of an in-process closed-loop load; then the memory phases of part 3 with the dashboard open."
  out ""
  local v
  for v in $(variants); do
    say "dashboard: $v"
    "$SB" dashboard --helper "${HELPER[$v]}" --label "codex-helper ($v)" --seconds "$DURATION" --rounds "${BENCH_DASHBOARD_ROUNDS:-4}" >>"$RESULT" \
      || out "The dashboard throughput measurement failed for $v."
    "$SB" memory --helper "${HELPER[$v]}" --label "codex-helper ($v)" --viewer >>"$RESULT" \
      || out "The dashboard memory measurement failed for $v."
  done
}

# ---------------------------------------------------------------- part 7: translated turns
part_translation() {
  build_streaming_bench
  out "## 7. Translation end to end (issue 23)"
  out ""
  out "The recorded first turn of each client through codex-helper to an upstream of its own protocol (untranslated) and to upstreams of the other two (translated), side by side; targets: translation adds ≤ 20 % CPU per request, streaming added p99 ≤ 2 ms."
  out ""
  local v
  for v in $(variants); do
    say "translation: $v"
    "$SB" translate --helper "${HELPER[$v]}" --label "codex-helper ($v)" --fixtures "$ROOT/tests/CodexHelper.Tests/Translation/Fixtures" \
      --rounds "${BENCH_TRANSLATION_ROUNDS:-3}" --requests "${BENCH_TRANSLATION_REQUESTS:-1500}" --runs "$STREAM_RUNS" >>"$RESULT" \
      || out "The translation measurement failed for $v."
  done
}

# ---------------------------------------------------------------- main
machine
if has_part throughput || has_part streaming || has_part memory || has_part startup || has_part dashboard || has_part translation; then
  publish_helpers
fi
for p in $ALL_PARTS; do
  has_part "$p" || continue
  say "part: $p"
  "part_$p"
done
if [ ${#MISSING_NOTES[@]} -gt 0 ]; then
  out "## Not measured"
  out ""
  for n in "${MISSING_NOTES[@]}"; do out "- $n"; done
  out ""
fi
echo "results: $RESULT" >&2
cat "$RESULT"

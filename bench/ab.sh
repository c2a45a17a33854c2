#!/usr/bin/env bash
# A/B of codex-helper builds on a shared machine (docs/benchmarks.md, "Performance, round 2"): one nginx upstream (the
# throughput part's fixed answer), each build given as LABEL=BINARY serving it with the suite's filter rule and log,
# then interleaved wrk rounds (100 KB body) printing each process's CPU µs per request, req/s and p50.
#
#   bench/ab.sh before=/tmp/a/codex-helper after=/tmp/b/codex-helper
#
# Knobs: DUR (s per run, 5), ROUNDS (3), CONNS ("16"), WARM (s per target first, 15), WITH_NGINX=1 (nginx as a proxy
# too), FWD=1 (the kestrel-forward floor), ENVS ("VAR=value ..." for every helper), STRACE=1 (syscalls per request of
# each measured run, from strace -c: slows the run, so read its counts, not its times).
# Needs wrk, nginx and bench/StreamingBench built (SB, default $BENCH_WORK/streamingbench/StreamingBench as run.sh builds it).
set -euo pipefail
DUR=${DUR:-5}; ROUNDS=${ROUNDS:-3}; CONNS=${CONNS:-16}; WARM=${WARM:-15}
WORK=${BENCH_WORK:-/tmp/codex-helper-bench}; mkdir -p "$WORK"
W=$(mktemp -d "$WORK/ab.XXXX")
SB=${SB:-$WORK/streamingbench/StreamingBench}
BODY=$WORK/ab-body-100k.json
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill $p 2>/dev/null||true; done; wait 2>/dev/null; rm -rf $W' EXIT
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p=$(( 20000 + RANDOM % 20000 )); while port_in_use $p; do p=$((p+1)); done; echo $p; }
wait_port() { for _ in $(seq 1 300); do port_in_use $1 && return 0; sleep 0.1; done; return 1; }
[ -f "$BODY" ] || "$SB" gen-body --out "$BODY" --kb 100 2>/dev/null
cat > $W/post.lua <<L
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-client-not-used"
local f = assert(io.open("$BODY", "rb"))
wrk.body = f:read("*a")
f:close()
L
answer='{"id":"resp_0a1b2c3d4e5f","object":"response","created_at":1762000000,"status":"completed","model":"gpt-5-codex","output":[{"id":"rs_01","type":"reasoning","summary":[]},{"id":"msg_01","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","annotations":[],"text":"The deploy script reads DEPLOY_TOKEN before the environment file is loaded, so the request goes out without a token and the API answers 403. Load the environment first (line 12 of deploy.py) and the call succeeds. I also added a test that fails when the token is empty, and the existing tests still pass."}]}],"parallel_tool_calls":false,"reasoning":{"effort":"medium","summary":"auto"},"store":false,"temperature":1.0,"text":{"format":{"type":"text"},"verbosity":"medium"},"tool_choice":"auto","tools":[],"top_p":1.0,"truncation":"disabled","usage":{"input_tokens":41230,"input_tokens_details":{"cached_tokens":40960},"output_tokens":312,"output_tokens_details":{"reasoning_tokens":128},"total_tokens":41542},"user":null,"metadata":{}}'
A=$(free_port); B=$((A+1)); ng=$W/ng; mkdir -p $ng/tmp
cat > $ng/nginx.conf <<N
$([ "$(id -u)" -eq 0 ] && echo "user root;")
worker_processes auto; daemon off; pid $ng/nginx.pid; error_log $ng/error.log warn;
events { worker_connections 4096; }
http { access_log off; client_body_temp_path $ng/tmp/body; proxy_temp_path $ng/tmp/proxy; fastcgi_temp_path $ng/tmp/f; uwsgi_temp_path $ng/tmp/u; scgi_temp_path $ng/tmp/s;
  client_max_body_size 64m; client_body_buffer_size 1m; keepalive_requests 1000000;
  upstream fixed { server 127.0.0.1:$A; keepalive 64; }
  server { listen 127.0.0.1:$A; location / { default_type application/json; return 200 '$answer'; } }
  server { listen 127.0.0.1:$B; location / { proxy_pass http://fixed; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_buffering off; } } }
N
nginx -c $ng/nginx.conf -p $ng & ngpid=$!; PIDS+=($ngpid); wait_port $B
ngall="$ngpid $(pgrep -P $ngpid | tr '\n' ' ')"
declare -A URL CPU; targets=""
if [ "${WITH_NGINX:-0}" = 1 ]; then URL[nginx]=http://127.0.0.1:$B/responses; CPU[nginx]="$ngall"; targets="nginx"; fi
for spec in "$@"; do
  label=${spec%%=*}; bin=${spec#*=}; port=$(free_port); h=$W/h-$label; mkdir -p $h/helper $h/codex $h/claude
  printf '%s' "{\"version\":1,\"codex\":{\"active\":\"b\",\"configs\":{\"b\":{\"name\":\"b\",\"upstreams\":[{\"base_url\":\"http://127.0.0.1:$A\",\"auth\":{\"auth_token\":\"sk-bench-0000000000\"}}]}}},\"claude\":{\"active\":null,\"configs\":{}}}" > $h/helper/config.json
  printf '%s' '[{"op":"replace","source":"secret-corp.com","target":"[REDACTED]"}]' > $h/helper/filter.json
  env ${ENVS:-} CODEX_HELPER_HOME=$h/helper CODEX_HOME=$h/codex CLAUDE_CONFIG_DIR=$h/claude $bin serve --codex --port $port --host 127.0.0.1 > $h/console.log 2>&1 &
  PIDS+=($!); CPU[$label]=$!; URL[$label]=http://127.0.0.1:$port/responses; wait_port $port; targets="$targets $label"
  echo "$label pid $!" >&2
done
if [ "${FWD:-0}" = 1 ]; then
  printf '%s' "$answer" > $W/answer.json; port=$(free_port)
  env ${ENVS:-} $SB floor --mode forward --port $port --answer $W/answer.json --upstream http://127.0.0.1:$A > $W/fwd.log 2>&1 & PIDS+=($!); CPU[fwd]=$!; URL[fwd]=http://127.0.0.1:$port/responses; wait_port $port; targets="$targets fwd"
fi
ticks() { local t=0; for p in "$@"; do t=$((t + $(sed 's/^.*) //' /proc/$p/stat | awk '{print $12+$13}'))); done; echo $t; }
run() { local url=$1 c=$2 d=$3; shift 3; local sp=""; if [ -n "${STRACE:-}" ]; then strace -c -f -p $1 -o $W/strace.out 2>/dev/null & sp=$!; sleep 0.5; fi; local c0=$(ticks "$@"); local log=$(wrk -t2 -c$c -d${d}s --latency -s $W/post.lua $url 2>&1); local c1=$(ticks "$@"); if [ -n "$sp" ]; then kill -INT $sp; wait $sp 2>/dev/null || true; fi
  local n=$(echo "$log" | awk '/requests in/ {print $1}'); local rps=$(echo "$log" | awk '/^Requests\/sec:/ {print $2}'); local p50=$(echo "$log" | awk '$1=="50%" {print $2}'); local err=$(echo "$log" | grep -E 'Non-2xx|Socket errors' | tr '\n' ' ')
  awk -v t=$((c1-c0)) -v n=$n -v r=$rps -v p=$p50 -v e="$err" 'BEGIN{printf "%7.1f us/req  %8.0f req/s  p50 %s %s\n", t/100*1e6/n, r, p, e}'
  if [ -n "$sp" ]; then awk -v n=$n '$NF ~ /^[a-z_0-9]+$/ && $4 ~ /^[0-9]+$/ {printf "   %-14s %6.2f/req\n", $NF, $4/n}' $W/strace.out | head -12; fi; }
for t in $targets; do STRACE= run ${URL[$t]} 16 $WARM ${CPU[$t]} >/dev/null; done
for r in $(seq 1 $ROUNDS); do for c in $CONNS; do for t in $targets; do
  printf 'r%s c%-3s %-12s load %s  ' $r $c $t "$(cut -d' ' -f1 /proc/loadavg)"; run ${URL[$t]} $c $DUR ${CPU[$t]}
done; done; done
for t in $targets; do [ -n "${CPU[$t]:-}" ] && [ "$t" != nginx ] && echo "$t RSS $(awk '/VmRSS/{print $2}' /proc/${CPU[$t]%% *}/status) kB" ; done

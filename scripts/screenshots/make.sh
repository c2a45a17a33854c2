#!/usr/bin/env bash
# Makes docs/dashboard.png, docs/dashboard-inspector.png and docs/top.png: both proxies against stand-in relays
# (relay.py) in a temp home, a day of synthetic log lines, a few live requests (one relay failing), then headless
# Chromium screenshots (shot.mjs, over the DevTools protocol) of the page and of `top` running in tmux.
# Needs chromium, tmux, python3, node 20+ and a build
# (HELPER="dotnet path/to/codex-helper.dll" or an installed binary).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HELPER=${HELPER:-"dotnet $ROOT/src/CodexHelper/bin/Debug/net10.0/codex-helper.dll"}
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; tmux -L chshot kill-server 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
# A time zone where the day is already some hours old makes a fuller chart.
export TZ=${SHOT_TZ:-Asia/Shanghai}
export CODEX_HELPER_HOME="$WORK/helper" CODEX_HOME="$WORK/codex" CLAUDE_CONFIG_DIR="$WORK/claude"
mkdir -p "$CODEX_HELPER_HOME/logs" "$CODEX_HOME" "$CLAUDE_CONFIG_DIR"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export CODEX_HELPER_CODEX_PORT=$(port) CODEX_HELPER_CLAUDE_PORT=$(port)
R1=$(port); R2=$(port); R3=$(port); R4=$(port)
for r in $R1 $R2 $R3 $R4; do python3 "$ROOT/scripts/screenshots/relay.py" "$r" "$WORK/fail-$r" & PIDS+=($!); done

cat >"$CODEX_HELPER_HOME/config.json" <<JSON
{"version":1,
 "codex":{"active":"relays","configs":{
   "relays":{"name":"relays","upstreams":[
     {"base_url":"http://127.0.0.1:$R1/v1","auth":{"auth_token":"sk-demo-aaaaaaaa1111"}},
     {"base_url":"http://127.0.0.1:$R2/v1","auth":{"auth_token":"sk-demo-bbbbbbbb2222"}},
     {"base_url":"http://127.0.0.1:$R3/v1","auth":{"auth_token":"sk-demo-cccccccc3333"}}]},
   "openai":{"name":"openai","upstreams":[{"base_url":"http://127.0.0.1:$R3/v1","auth":{"auth_token":"sk-demo-dddddddd4444"}}]}}},
 "claude":{"active":"anthropic","configs":{
   "anthropic":{"name":"anthropic","upstreams":[{"base_url":"http://127.0.0.1:$R4","auth":{"api_key":"sk-ant-demo-eeee5555"}}]}}},
 "routing":{"failure_threshold":1,"cooldown_secs":90}}
JSON

# Earlier today: synthetic lines, so that the chart and the tables have a day behind them.
python3 - "$CODEX_HELPER_HOME/logs/requests.jsonl" "$R1" "$R2" "$R3" "$R4" <<'PY'
import json, random, sys, time, datetime
path, r1, r2, r3, r4 = sys.argv[1:]
now = time.time()
midnight = datetime.datetime.now().replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
random.seed(7)
with open(path, 'w') as f:
    t = midnight + 1800
    while t < now - 600:
        hour = datetime.datetime.fromtimestamp(t).hour
        busy = 1 if hour < 2 else 4 if hour < 7 else 9
        for _ in range(random.randint(0, busy)):
            claude = random.random() < 0.3
            model = random.choice(['claude-sonnet-4-5', 'claude-haiku-4-5']) if claude else random.choice(['gpt-5-codex', 'gpt-5-codex', 'gpt-5'])
            up = f'http://127.0.0.1:{r4}' if claude else random.choice([f'http://127.0.0.1:{r1}/v1', f'http://127.0.0.1:{r2}/v1', f'http://127.0.0.1:{r2}/v1'])
            inp, out = random.randint(6000, 80000), random.randint(150, 4000)
            session = random.choice(['5b9e4c1a-0f3d-4e8b-a2c7-91d6e0f4b3a8', 'c1f0e2d3-4b5a-4968-8776-a5b4c3d2e1f0']) if claude else random.choice(['019ac2f1-7d3e-7a51-9c4b-2e6f0a8d1b77', '019ac3a0-1b2c-7d4e-8f90-a1b2c3d4e5f6', '019ab9e4-0c1d-7e2f-9a3b-4c5d6e7f8091'])
            price_in, price_out = (3.0, 15.0) if model == 'claude-sonnet-4-5' else (1.0, 5.0) if claude else (1.25, 10.0)
            cost = round((inp / 2 * price_in + inp / 2 * price_in / 10 + out * price_out) / 1e6, 6)
            f.write(json.dumps({'timestamp_ms': int((t + random.uniform(0, 600)) * 1000), 'service': 'claude' if claude else 'codex',
                'method': 'POST', 'path': '/v1/messages' if claude else '/responses', 'status_code': 200 if random.random() > 0.03 else 502,
                'duration_ms': random.randint(900, 30000), 'config_name': 'anthropic' if claude else 'relays', 'upstream_base_url': up,
                'usage': {'input_tokens': inp, 'output_tokens': out, 'reasoning_tokens': 0, 'total_tokens': inp + out, 'cached_input_tokens': inp // 2},
                'ttfb_ms': random.randint(300, 2500), 'model': model, 'session_id': session, 'cost_usd': cost}) + '\n')
        t += 600
PY

$HELPER serve --codex >"$WORK/codex.log" 2>&1 & PIDS+=($!)
$HELPER serve --claude >"$WORK/claude.log" 2>&1 & PIDS+=($!)
for p in $CODEX_HELPER_CODEX_PORT $CODEX_HELPER_CLAUDE_PORT; do
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$p/__codex_helper/status" >/dev/null && break; sleep 0.2; done
done
codex() { curl -s -o /dev/null -H 'content-type: application/json' -H 'authorization: Bearer sk-client-demo-0000' -H "session-id: ${2:-019ac2f1-7d3e-7a51-9c4b-2e6f0a8d1b77}" \
  -d "{\"model\":\"$1\",\"stream\":true,\"input\":[{\"role\":\"user\",\"content\":\"refactor the request log writer\"}]}" "http://127.0.0.1:$CODEX_HELPER_CODEX_PORT/responses"; }
claude() { curl -s -o /dev/null -H 'content-type: application/json' -H 'x-api-key: sk-client-demo-0000' -H 'x-claude-code-session-id: 5b9e4c1a-0f3d-4e8b-a2c7-91d6e0f4b3a8' \
  -d "{\"model\":\"$1\",\"stream\":true,\"max_tokens\":1024,\"messages\":[{\"role\":\"user\",\"content\":\"write the tests\"}]}" "http://127.0.0.1:$CODEX_HELPER_CLAUDE_PORT/v1/messages"; }

# top in a terminal, watching the live requests below.
tmux -L chshot -f /dev/null new-session -d -s top -x 132 -y 34 "TERM=xterm-256color $HELPER top --codex"
UI="http://127.0.0.1:$CODEX_HELPER_CODEX_PORT/__codex_helper/ui"
sleep 2
codex gpt-5-codex; codex gpt-5-codex 019ac3a0-1b2c-7d4e-8f90-a1b2c3d4e5f6; claude claude-sonnet-4-5; codex gpt-5
touch "$WORK/fail-$R1"                      # the first relay starts failing: it cools down, traffic moves on
codex gpt-5-codex; codex gpt-5-codex; codex gpt-5-codex 019ac3a0-1b2c-7d4e-8f90-a1b2c3d4e5f6; claude claude-sonnet-4-5; codex gpt-5-codex
sleep 3

shot() { node --experimental-websocket --no-warnings "$ROOT/scripts/screenshots/shot.mjs" "$@"; }
mkdir -p "$ROOT/docs"
shot "$UI" 1440x1480 "$ROOT/docs/dashboard.png" 3000
shot "$UI" 1440x1000 "$ROOT/docs/dashboard-inspector.png" 3000 '#feed tbody tr:nth-child(4)'
tmux -L chshot capture-pane -e -p -t top | python3 "$ROOT/scripts/screenshots/ansi2html.py" >"$WORK/top.html"
shot "file://$WORK/top.html" 1130x640 "$ROOT/docs/top.png" 500
tmux -L chshot capture-pane -p -t top >"$ROOT/docs/top.txt"
ls -la "$ROOT/docs/"*.png

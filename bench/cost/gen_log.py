"""A request log in the proxy's format with session_id and cost_usd on every line (bench/cost.sh).

python3 gen_log.py LINES OUT [SESSIONS]  -- SESSIONS distinct session ids (default 20,000), the ids
gen_rollouts.py writes, so `session list` finds half of them in the log.
"""
import json, random, sys

n, out = int(sys.argv[1]), sys.argv[2]
sessions = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
random.seed(1)
t0 = 1767225600000
configs = [("relay-a", "https://relay-a.example/v1"), ("relay-b", "https://relay-b.example/v1"), ("openai", "https://api.openai.com/v1")]
models = ["gpt-5", "gpt-5-codex", "gpt-5-mini", "my-local-llama"]


def sid(k):
    return f"0199{k % 65536:04x}-{k // 65536:04x}-7bbb-8ccc-{k:012x}"


with open(out, "w") as f:
    for i in range(n):
        c, u = configs[i % 3]
        model = models[i % 4]
        e = {"timestamp_ms": t0 + i * 600, "service": "codex" if i % 5 else "claude", "method": "POST", "path": "/responses",
             "status_code": 200 if i % 50 else 502, "duration_ms": random.randint(200, 20000), "config_name": c, "upstream_base_url": u,
             "usage": {"input_tokens": 12000 + i % 977, "output_tokens": 300 + i % 97, "reasoning_tokens": 64,
                       "total_tokens": 12300 + i % 977 + i % 97, "cached_input_tokens": 10000},
             "ttfb_ms": 400, "model": model,
             # Only the even session numbers went through the proxy.
             "session_id": sid(2 * ((i * 7919) % (sessions // 2))),
             "cost_usd": None if model == "my-local-llama" else round(random.uniform(0.001, 0.05), 8)}
        if i % 50 == 0:
            e["error"] = "upstream returned 502"
        f.write(json.dumps(e, separators=(",", ":")) + "\n")
        if i % 100000 == 99999:
            f.write("{not json\n")

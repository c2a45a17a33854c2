"""COUNT Codex 0.169-style rollouts under CODEX_HOME/sessions with token_count usage (bench/cost.sh).

python3 gen_rollouts.py COUNT CODEX_HOME -- 50 projects, a ~30 KB session_meta first line, five turns each
with a turn_context (model) and a token_count record; no multi-MB tool output (see docs/sessions-benchmark.md
for that variant: the cost columns only read the 20 listed sessions in full).
"""
import os, sys

count, home = int(sys.argv[1]), sys.argv[2]
instructions = "i" * 30000


def sid(k):
    return f"0199{k % 65536:04x}-{k // 65536:04x}-7bbb-8ccc-{k:012x}"


for n in range(count):
    minutes = n * 17
    day = 1 + (minutes // 1440) % 28
    month = 1 + (minutes // (1440 * 28)) % 12
    ts = f"2025-{month:02d}-{day:02d}T{(minutes // 60) % 24:02d}:{minutes % 60:02d}:00.000Z"
    cwd = f"/home/dev/projects/project-{n % 50:02d}"
    d = os.path.join(home, "sessions", "2025", f"{month:02d}", f"{day:02d}")
    os.makedirs(d, exist_ok=True)
    lines = [f'{{"timestamp":"{ts}","type":"session_meta","payload":{{"id":"{sid(n)}","timestamp":"{ts}","cwd":"{cwd}","originator":"codex_cli_rs","cli_version":"0.169.0","source":"cli","model_provider":"openai","base_instructions":{{"text":"{instructions}"}}}}}}']
    total_in = total_out = 0
    for turn in range(5):
        lines.append(f'{{"timestamp":"{ts}","type":"response_item","payload":{{"type":"message","role":"user","content":[{{"type":"input_text","text":"please look at issue {n}-{turn}"}}]}}}}')
        lines.append(f'{{"timestamp":"{ts}","type":"turn_context","payload":{{"model":"gpt-5-codex","cwd":"{cwd}"}}}}')
        lines.append(f'{{"timestamp":"{ts}","type":"response_item","payload":{{"type":"message","role":"assistant","content":[{{"type":"output_text","text":"done with turn {turn}"}}]}}}}')
        total_in += 12000
        total_out += 300
        lines.append(f'{{"timestamp":"{ts}","type":"event_msg","payload":{{"type":"token_count","info":{{"total_token_usage":{{"input_tokens":{total_in},"cached_input_tokens":{total_in - 12000},"output_tokens":{total_out},"reasoning_output_tokens":0,"total_tokens":{total_in + total_out}}}}}}}}}')
    path = os.path.join(d, f"rollout-2025-{month:02d}-{day:02d}T00-00-00-{sid(n)}.jsonl")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    t = 1735689600 + minutes * 60
    os.utime(path, (t, t))

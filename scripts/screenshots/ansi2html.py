#!/usr/bin/env python3
"""Turns `tmux capture-pane -e` output (SGR colours) into a small HTML page, for a screenshot of `top`."""
import html, re, sys

BASE = ['#1e1e1e', '#f85149', '#3fb950', '#d29922', '#58a6ff', '#bc8cff', '#39c5cf', '#c9d1d9',
        '#6e7681', '#ff7b72', '#56d364', '#e3b341', '#79c0ff', '#d2a8ff', '#56d4dd', '#f0f6fc']

def color256(n):
    if n < 16:
        return BASE[n]
    if n < 232:
        n -= 16
        return '#%02x%02x%02x' % tuple(0 if c == 0 else 55 + c * 40 for c in (n // 36, n // 6 % 6, n % 6))
    v = 8 + (n - 232) * 10
    return '#%02x%02x%02x' % (v, v, v)

def convert(text):
    out, fg, bold = [], None, False
    for part in re.split(r'(\x1b\[[0-9;]*m)', text):
        m = re.fullmatch(r'\x1b\[([0-9;]*)m', part)
        if not m:
            if part:
                style = (f'color:{fg};' if fg else '') + ('font-weight:bold;' if bold else '')
                out.append(f'<span style="{style}">{html.escape(part)}</span>' if style else html.escape(part))
            continue
        codes = [int(c) for c in m.group(1).split(';') if c] or [0]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0: fg, bold = None, False
            elif c == 1: bold = True
            elif c == 22: bold = False
            elif 30 <= c <= 37: fg = BASE[c - 30]
            elif 90 <= c <= 97: fg = BASE[c - 90 + 8]
            elif c == 39: fg = None
            elif c == 38 and i + 2 < len(codes) and codes[i + 1] == 5: fg = color256(codes[i + 2]); i += 2
            elif c == 38 and i + 4 < len(codes) and codes[i + 1] == 2: fg = '#%02x%02x%02x' % tuple(codes[i + 2:i + 5]); i += 4
            i += 1
    return ''.join(out)

body = convert(sys.stdin.read().rstrip('\n'))
print(f'''<!doctype html><meta charset="utf-8"><style>
body {{ margin: 0; background: #0d1117; }}
pre {{ margin: 0; padding: 14px 18px; color: #c9d1d9; font: 14px/1.17 "DejaVu Sans Mono", monospace; }}
</style><pre>{body}</pre>''')

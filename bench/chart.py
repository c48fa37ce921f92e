#!/usr/bin/env python3
"""Draws bench/results/scale.svg (wall time and peak heap against node count) from the lines
ScaleRun prints, saved in bench/results/scale.txt. Standard library only: no plotting package.

    java -Xmx8g -cp bench/target/benchmarks.jar dev.overlaysim.bench.ScaleRun 100 1000 5000 > bench/results/scale.txt
    python3 bench/chart.py
"""
import os
import re

here = os.path.dirname(os.path.abspath(__file__))
src = os.path.join(here, "results", "scale.txt")
out = os.path.join(here, "results", "scale.svg")

rows = []
for line in open(src, encoding="utf-8"):
    m = re.search(r"nodes=(\d+).*total_s=([\d.]+).*peak_heap_mb=(\d+)", line)
    if m:
        rows.append((int(m.group(1)), float(m.group(2)), int(m.group(3))))
if not rows:
    raise SystemExit(f"no ScaleRun lines in {src}")

W, H, L, R, T, B = 640, 360, 70, 70, 40, 50
xs = [r[0] for r in rows]
xmax = max(xs)
tmax = max(60.0, max(r[1] for r in rows) * 1.1)
hmax = max(8192.0, max(r[2] for r in rows) * 1.1)


def px(n):
    return L + (W - L - R) * n / xmax


def py(v, vmax):
    return H - B - (H - T - B) * v / vmax


def polyline(points, colour):
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>' for x, y in points)
    return f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{pts}"/>{dots}'


svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{W / 2}" y="22" text-anchor="middle" font-size="14">overlaysim: VXLAN nodes, fully meshed, one ping each</text>',
       f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="black"/>',
       f'<line x1="{L}" y1="{T}" x2="{L}" y2="{H - B}" stroke="#1f77b4"/>',
       f'<line x1="{W - R}" y1="{T}" x2="{W - R}" y2="{H - B}" stroke="#d62728"/>']
for n in xs:
    svg.append(f'<text x="{px(n):.1f}" y="{H - B + 16}" text-anchor="middle">{n}</text>')
svg.append(f'<text x="{W / 2}" y="{H - 12}" text-anchor="middle">nodes</text>')
for i in range(5):
    t = tmax * i / 4
    h = hmax * i / 4
    svg.append(f'<text x="{L - 6}" y="{py(t, tmax) + 4:.1f}" text-anchor="end" fill="#1f77b4">{t:.0f} s</text>')
    svg.append(f'<text x="{W - R + 6}" y="{py(h, hmax) + 4:.1f}" fill="#d62728">{h / 1024:.1f} GiB</text>')
# the targets: 60 s wall, 8 GiB heap
svg.append(f'<line x1="{L}" y1="{py(60, tmax):.1f}" x2="{W - R}" y2="{py(60, tmax):.1f}" stroke="#1f77b4" stroke-dasharray="4,4"/>')
svg.append(f'<line x1="{L}" y1="{py(8192, hmax):.1f}" x2="{W - R}" y2="{py(8192, hmax):.1f}" stroke="#d62728" stroke-dasharray="4,4"/>')
svg.append(polyline([(px(n), py(t, tmax)) for n, t, _ in rows], "#1f77b4"))
svg.append(polyline([(px(n), py(h, hmax)) for n, _, h in rows], "#d62728"))
svg.append(f'<text x="{L + 8}" y="{T + 12}" fill="#1f77b4">wall time (dashed: 60 s target)</text>')
svg.append(f'<text x="{L + 8}" y="{T + 28}" fill="#d62728">peak heap (dashed: 8 GiB target)</text>')
svg.append("</svg>")
with open(out, "w", encoding="utf-8") as f:
    f.write("\n".join(svg) + "\n")
print(f"wrote {out}")

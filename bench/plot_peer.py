#!/usr/bin/python3
"""bench/plot_peer.py - the peer of `ser plot` for bench_plot.sh: the same
valence-arousal plane drawn with matplotlib (Agg), the way a Python user
of the thesis's notebooks would: scatter coloured by quadrant, quadrant
lines and names, the circumplex words on a circle, file-name labels.

usage: plot_peer.py PRED.csv OUT.png
"""
import csv
import math
import os
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

COLOURS = {"pe": "#E69F00", "ue": "#D55E00", "uu": "#0072B2", "pu": "#009E73"}
WORDS = [("happy", 8), ("delighted", 25), ("excited", 49), ("astonished", 70),
         ("aroused", 74), ("tense", 93), ("alarmed", 96), ("angry", 99),
         ("afraid", 117), ("annoyed", 123), ("distressed", 138),
         ("frustrated", 141), ("miserable", 189), ("sad", 208),
         ("depressed", 210), ("bored", 242), ("droopy", 256), ("tired", 268),
         ("sleepy", 272), ("calm", 316), ("relaxed", 318), ("content", 323),
         ("serene", 328), ("glad", 353)]


def quadrant(v, a):
    return ("p" if v >= 0 else "u") + ("e" if a >= 0 else "u")


def main():
    pred, out = sys.argv[1], sys.argv[2]
    with open(pred, newline="") as f:
        rows = [(r["file"], float(r["valence"]), float(r["arousal"]))
                for r in csv.DictReader(f)]
    fig, ax = plt.subplots(figsize=(9, 9), dpi=100)
    ax.set_xlim(-1, 1)
    ax.set_ylim(-1, 1)
    ax.set_aspect("equal")
    ax.axhline(0, color="#888888", lw=1)
    ax.axvline(0, color="#888888", lw=1)
    ax.add_patch(plt.Circle((0, 0), 0.84, fill=False, ls=":", color="#c8c8c8"))
    for w, deg in WORDS:
        r = math.radians(deg)
        ax.text(0.88 * math.cos(r), 0.88 * math.sin(r), w, color="#a0a0a0",
                fontsize=8, ha="center", va="center")
    for name, x, y, ha, va in [("pleasant-eventful", .98, .98, "right", "top"),
                               ("unpleasant-eventful", -.98, .98, "left", "top"),
                               ("unpleasant-uneventful", -.98, -.98, "left", "bottom"),
                               ("pleasant-uneventful", .98, -.98, "right", "bottom")]:
        ax.text(x, y, name, ha=ha, va=va)
    xs = [max(-1, min(1, v)) for _, v, _ in rows]
    ys = [max(-1, min(1, a)) for _, _, a in rows]
    ax.scatter(xs, ys, c=[COLOURS[quadrant(x, y)] for x, y in zip(xs, ys)], s=30)
    for (f, _, _), x, y in zip(rows, xs, ys):
        ax.annotate(os.path.basename(f), (x, y), xytext=(4, 2),
                    textcoords="offset points", fontsize=8)
    ax.set_xlabel("valence")
    ax.set_ylabel("arousal")
    ax.set_title("Valence-arousal plane (%d sounds)" % len(rows))
    fig.savefig(out)


if __name__ == "__main__":
    main()

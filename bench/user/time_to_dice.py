"""Time from `fess train` start to a validation Dice, from the run's own files: metrics.csv (val_dice per epoch)
and timing.csv (finished_at: the wall-clock instant each epoch, its validation included, ended).
Prints `RESULT {json}`: the Dice curve against seconds since the start, the first time val_dice >= TARGET (null when
never reached), the whole process's wall seconds and peak resident memory (from /usr/bin/time -f '%e %M'; null when
the run was stopped before it ended).
The step count at that time is epoch × ITERATIONS (fess validates at the end of an epoch).
Usage: python3 time_to_dice.py RUN START_EPOCH_SECONDS TIME_TXT TARGET ITERATIONS SEED
"""
import csv
import datetime
import json
import sys

run, start, time_txt, target = sys.argv[1], float(sys.argv[2]), sys.argv[3], float(sys.argv[4])
iterations, seed = int(sys.argv[5]), int(sys.argv[6])
dice = {int(r["epoch"]): r["val_dice"] for r in csv.DictReader(open(f"{run}/metrics.csv"))}
curve = []
for r in csv.DictReader(open(f"{run}/timing.csv")):
    end = datetime.datetime.fromisoformat(r["finished_at"].replace("Z", "+00:00")).timestamp()
    d = dice.get(int(r["epoch"]), "")
    curve.append([int(r["epoch"]), float(d) if d not in ("", "NaN") else None, round(end - start, 2)])
reached, steps = next(((t, e * iterations) for e, d, t in curve if d is not None and d >= target), (None, None))
timing = open(time_txt).read().split()  # empty when the run was stopped before it ended
wall, kb = (float(timing[-2]), round(int(timing[-1]) / 1024)) if len(timing) >= 2 else (None, None)
best = max((d for _, d, _ in curve if d is not None), default=None)
print("RESULT " + json.dumps({"bench": "time_to_dice", "impl": "fess", "seed": seed, "target": target,
                              "seconds": reached, "steps": steps, "best_dice": best, "curve": curve,
                              "process_s": wall, "peak_rss_mb": kb}))

"""Summarises bench/target/raw.jsonl (written by bench/run.sh) into bench/results.md and bench/results.json.
Every measure is the median over the runs of each side (each run itself a median over its timed repetitions);
ratio = fess / reference. Usage: summarize.py RAW.jsonl OUT.md OUT.json
"""
import json
import statistics
import sys

raw, out_md, out_json = sys.argv[1:4]
rows = [json.loads(line) for line in open(raw) if line.strip()]


def pick(**kw):
    return [r for r in rows if all(r.get(k) == v for k, v in kw.items())]


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


env = (pick(bench="env") or [{}])[0]
loads = [f"{r['when']}: {r['loadavg']}" for r in pick(bench="load")]
eq = (pick(bench="equivalence") or [{}])[0]
measures = []


def add(name, fess, ref, ref_name, goal, unit, le=True, ratio=None, runs=None, note=""):
    if ratio is None and fess is not None and ref:
        ratio = fess / ref
    met = None if ratio is None else (ratio <= goal if le else ratio < goal)
    measures.append({"measure": name, "fess": fess, "reference": ref, "reference_name": ref_name, "unit": unit,
                     "ratio": ratio, "goal": ("≤ " if le else "< ") + f"{goal:g}", "met": met, "runs": runs,
                     "note": note})


fess_fess = pick(bench="train_step", impl="fess", loss="fess")
fess_plain = [r for r in fess_fess if "wait_fraction" not in r]
torch_fess = pick(bench="train_step", impl="pytorch", loss="fess")
fess_dice = pick(bench="train_step", impl="fess", loss="dice")


def fastest(runs):
    steps = [t for r in runs for t in r["steps_s"]]
    return min(steps) if steps else None


def fastest_note(a, b, what):
    fa, fb = fastest(a), fastest(b)
    if fa is None or fb is None:
        return ""
    return (f"fastest single step (least disturbed by other load): fess {fa:.3f} s, {what} {fb:.3f} s, "
            f"ratio {fa / fb:.3f}")


add("training step, FESS loss, U-Net 16-32-64-128, 64³, batch 2, Adam (s)",
    med(r["median_s"] for r in fess_plain), med(r["median_s"] for r in torch_fess), "PyTorch eager", 1.05, "s",
    runs=[len(fess_plain), len(torch_fess)], note=fastest_note(fess_plain, torch_fess, "PyTorch"))
add("training step FESS ÷ Dice only (fess alone, s)",
    med(r["median_s"] for r in fess_plain), med(r["median_s"] for r in fess_dice), "fess Dice only", 1.10, "s",
    runs=[len(fess_plain), len(fess_dice)], note=fastest_note(fess_plain, fess_dice, "Dice only"))
sw_f = pick(bench="sliding_window", impl="fess")
sw_t = pick(bench="sliding_window", impl="pytorch")
add("sliding-window inference 4×240×240×155, patch %s³, overlap 0.5, Gaussian (s)"
    % (sw_f[0]["patch"] if sw_f else "?"),
    med(r["seconds"] for r in sw_f), med(r["seconds"] for r in sw_t), "PyTorch eager", 1.05, "s",
    runs=[len(sw_f), len(sw_t)])
m_f = pick(bench="metrics", side="fess")
m_s = pick(bench="metrics", side="scipy")
add("HD95 + ASSD, 240×240×155 masks (s)", med(r["seconds"] for r in m_f), med(r["seconds"] for r in m_s),
    "scipy EDT", 0.5, "s", runs=[len(m_f), len(m_s)])
for op in ("read", "write"):
    a = pick(bench="nifti", op=op, impl="fess")
    b = pick(bench="nifti", op=op, impl="nibabel")
    add(f"{op} 240×240×155 float32 .nii.gz (ms)", med(r["ms"] for r in a), med(r["ms"] for r in b), "nibabel", 1.0,
        "ms", runs=[len(a), len(b)])
pipe = [r for r in fess_fess if "wait_fraction" in r]
if pipe:
    frac = med(r["wait_fraction"] for r in pipe)
    add("data pipeline: step time waiting for its batch (prefetch, 1 loader thread)", frac, None, "step time",
        0.05, "fraction", le=False, ratio=frac, runs=[len(pipe)],
        note="waited %.3f s over %d steps of %.1f s" % (pipe[0]["waited_s"], len(pipe[0]["steps_s"]),
                                                         pipe[0]["median_s"]))
add("peak resident memory, 64³ batch-2 FESS training process (MB)", med(r["vmhwm_mb"] for r in fess_plain),
    med(r["vmhwm_mb"] for r in torch_fess), "PyTorch eager", 1.3, "MB", runs=[len(fess_plain), len(torch_fess)])


def fmt(v, unit):
    if v is None:
        return "–"
    if unit == "fraction":
        return f"{100 * v:.2f} %"
    if unit == "MB":
        return f"{v:.0f} MB"
    if unit == "ms":
        return f"{v:.1f} ms"
    return f"{v:.3f} s"


lines = ["# fess performance beside PyTorch, nibabel and scipy", "",
         f"Written by `bench/run.sh` on {env.get('date', '?')}: {env.get('cpus', '?')} CPUs, {env.get('java', '?')}, "
         f"PyTorch {env.get('torch', '?')} (reference; fess runs DJL 0.36 on PyTorch 2.7.1), "
         f"nibabel {env.get('nibabel', '?')}, scipy {env.get('scipy', '?')}. Two PyTorch intra-op threads on both "
         "sides. fess and the reference alternate in fresh processes (A B A B); values are medians of per-process "
         "medians after warm-up.", "",
         "| measure | fess | reference | ratio | goal | verdict |", "|---|---|---|---|---|---|"]
for m in measures:
    verdict = "–" if m["met"] is None else ("met" if m["met"] else "**not met**")
    ratio = "–" if m["ratio"] is None else (fmt(m["ratio"], "fraction") if m["unit"] == "fraction"
                                            else f"{m['ratio']:.3f}")
    ref = "–" if m["reference"] is None else f"{fmt(m['reference'], m['unit'])} ({m['reference_name']})"
    lines.append(f"| {m['measure']} | {fmt(m['fess'], m['unit'])} | {ref} | {ratio} | {m['goal']} | {verdict} |")
lines += ["", "Runs per side: " + "; ".join(f"{m['measure'].split(' (')[0]}: {m['runs']}" for m in measures), "",
          "Equivalence of the PyTorch reference with fess (fess parameters loaded into it; largest differences): "
          + (", ".join(f"{k} {eq[k]:.2e}" for k in eq if isinstance(eq.get(k), float)) if eq else "not run")
          + (" — **ok**" if eq.get("ok") else " — **FAILED**" if eq else ""), "",
          "Machine load (1/5/15-min load average) during the run: " + "; ".join(loads) + ".",
          "The machine is shared; ratios come from interleaved runs, absolute times vary with the load.", ""]
for m in measures:
    if m["note"]:
        lines.append(f"- {m['measure']}: {m['note']}")
open(out_md, "w").write("\n".join(lines) + "\n")
json.dump({"env": env, "load": loads, "equivalence": eq, "measures": measures, "raw": rows},
          open(out_json, "w"), indent=1, ensure_ascii=False)
print("\n".join(lines))

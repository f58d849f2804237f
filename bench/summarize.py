"""Summarises bench/target/raw.jsonl (written by bench/run.sh) into results.md and results.json.

Every timed measure is the median over the processes of each side (each process itself a median over its timed
repetitions), shown with the min-max spread of those per-process values and their count; ratio = fess / reference.
Utilisation = convolution GFLOP (NetworkFlops, from the layer shapes) / seconds / the machine's FP32 peak
(bench/machine.py). With --check, exits 1 when a benchmark produced no result.
With --carry RESULTS.json (bench/run.sh with ONLY=user), every figure this run did not measure is taken from the
raw results of that earlier run, and results.md says which run they come from.
Usage: summarize.py RAW.jsonl OUT.md OUT.json [--check] [--carry RESULTS.json]
"""
import json
import statistics
import sys

raw, out_md, out_json = sys.argv[1:4]
check = "--check" in sys.argv[4:]
rows = [json.loads(line) for line in open(raw) if line.strip()]
USER_BENCHES = ("time_to_dice", "predict_folder", "predict_agreement")
carried_from = None
if "--carry" in sys.argv:
    earlier = json.load(open(sys.argv[sys.argv.index("--carry") + 1]))
    carried_from = earlier["env"]
    rows += [r for r in earlier["raw"] if r.get("bench") not in USER_BENCHES + ("env", "machine")]


def pick(**kw):
    return [r for r in rows if all(r.get(k) == v for k, v in kw.items())]


def values(runs, key):
    return [r[key] for r in runs if r.get(key) is not None]


def med(v):
    return statistics.median(v) if v else None


def spread(v, unit):
    if not v:
        return "–"
    s = fmt(med(v), unit)
    return s if len(v) == 1 else f"{s} ({fmt(min(v), unit)}–{fmt(max(v), unit)}, n={len(v)})"


FORMATS = {
    "fraction": lambda v: f"{100 * v:.1f} %",
    "MB": lambda v: f"{v:.0f} MB",
    "ms": lambda v: f"{v:.1f} ms",
    "GFLOP/s": lambda v: f"{v:.1f} GFLOP/s",
    "x": lambda v: f"{v:.2f}×",
    "steps": lambda v: f"{v:.0f}",
    "cpm": lambda v: f"{v:.2f}/min",
}


def fmt(v, unit):
    if v is None:
        return "–"
    return FORMATS.get(unit, lambda x: f"{x:.3f} s")(v)


env = (pick(bench="env") or [{}])[0]
machine = (pick(bench="machine") or [{}])[0]
peak = machine.get("peak_gflops")
eq = (pick(bench="equivalence") or [{}])[0]
loads = pick(bench="load")
measures = []
missing = []


def add(name, fess_v, ref_v, ref_name, goal, unit, le=True, ratio=None, why="", required=True, goal_on="ratio",
        goal_text=None):
    """One table row; fess_v and ref_v are lists of per-process values (ref_v may be None). The goal applies to the
    ratio fess / reference, or with goal_on="fess" to fess's own median."""
    fm, rm = med(fess_v), med(ref_v or [])
    if ratio is None and fm is not None and rm:
        ratio = fm / rm
    judged = fm if goal_on == "fess" else ratio
    met = None if judged is None or goal is None else (judged <= goal if le else judged >= goal)
    if fm is None and required:
        missing.append(name)
    measures.append({"measure": name, "fess": fm, "fess_runs": fess_v, "reference": rm, "reference_runs": ref_v,
                     "reference_name": ref_name, "unit": unit, "ratio": ratio,
                     "goal": goal_text or (None if goal is None else ("≤ " if le else "≥ ") + f"{goal:.3g}"),
                     "met": met, "why": why})


fess_fess = pick(bench="train_step", impl="fess", loss="fess")
fess_plain = [r for r in fess_fess if "wait_fraction" not in r]
fess_loader = [r for r in fess_fess if "wait_fraction" in r]
torch_fess = pick(bench="train_step", impl="pytorch", loss="fess")
fess_dice = pick(bench="train_step", impl="fess", loss="dice")
patch = fess_plain[0]["patch"] if fess_plain else "?"
step_gflop = fess_plain[0]["step_gflop"] if fess_plain else None

add(f"training step, FESS, U-Net 16-32-64-128, {patch}³, batch 2, Adam (s)",
    values(fess_plain, "median_s"), values(torch_fess, "median_s"), "PyTorch eager", 1 / 1.3, "s",
    goal_text="≤ 0.77 (1.3× faster)")
if step_gflop and peak:
    g_f = [step_gflop / t for t in values(fess_plain, "median_s")]
    g_t = [step_gflop / t for t in values(torch_fess, "median_s")]
    add(f"training step utilisation: {step_gflop:.1f} GFLOP per step ÷ time ÷ {peak:.0f} GFLOP/s peak",
        [g / peak for g in g_f], [g / peak for g in g_t], "PyTorch eager", 0.60, "fraction", le=False,
        goal_on="fess", goal_text="fess ≥ 60 % of peak")
add("training step FESS ÷ Dice only (fess alone, s)", values(fess_plain, "median_s"), values(fess_dice, "median_s"),
    "fess Dice only", 1.10, "s")
sw_f = pick(bench="sliding_window", impl="fess")
sw_t = pick(bench="sliding_window", impl="pytorch")
sw_shape = "×".join(str(v) for v in sw_f[0].get("shape", [])) if sw_f else "?"
sw_patch = sw_f[0]["patch"] if sw_f else "?"
add(f"sliding-window inference 4×{sw_shape}, patch {sw_patch}³, overlap 0.5, Gaussian (s)",
    values(sw_f, "seconds"), values(sw_t, "seconds"), "PyTorch eager", 1.05, "s")
if sw_f and peak:
    gf = sw_f[0]["gflop"]
    add(f"sliding-window utilisation: {gf:.0f} GFLOP ÷ time ÷ {peak:.0f} GFLOP/s peak",
        [gf / t / peak for t in values(sw_f, "seconds")], [gf / t / peak for t in values(sw_t, "seconds")],
        "PyTorch eager", None, "fraction")
add("sliding window in bf16 ÷ fp32 (goal ≥ 1.6× faster, mask Dice ≥ 0.995)", [], None, "–", None, "x",
    why="not measured: see docs/performance.md, bf16", required=False)
m_f = pick(bench="metrics", side="fess")
m_s = pick(bench="metrics", side="scipy")
add("HD95 + ASSD, 240×240×155 masks (s)", values(m_f, "seconds"), values(m_s, "seconds"), "scipy EDT", 0.5, "s")
for op in ("read", "write"):
    add(f"{op} 240×240×155 float32 .nii.gz (ms)", values(pick(bench="nifti", op=op, impl="fess"), "ms"),
        values(pick(bench="nifti", op=op, impl="nibabel"), "ms"), "nibabel", 1.0, "ms")
add("data pipeline: step time waiting for its batch (prefetch, 1 loader thread)", values(fess_loader, "wait_fraction"),
    None, "–", 0.05, "fraction", goal_on="fess", goal_text="< 5 %")
add(f"peak resident memory, {patch}³ batch-2 FESS training process (MB)", values(fess_plain, "vmhwm_mb"),
    values(torch_fess, "vmhwm_mb"), "PyTorch eager", 1.3, "MB")

ttd_f = pick(bench="time_to_dice", impl="fess")
ttd_t = pick(bench="time_to_dice", impl="pytorch")
pf_f = pick(bench="predict_folder", impl="fess")
pf_t = pick(bench="predict_folder", impl="pytorch")
agree = (pick(bench="predict_agreement") or [None])[0]
target = ttd_f[0]["target"] if ttd_f else None
add(f"time from `train` start to validation Dice ≥ {target}, synthetic demo task (s; one value per seed)",
    values(ttd_f, "seconds"), values(ttd_t, "seconds"), "PyTorch twin", None, "s")
add(f"optimiser steps to validation Dice ≥ {target} (validated every epoch)", values(ttd_f, "steps"),
    values(ttd_t, "steps"), "PyTorch twin", None, "steps")
add("peak resident memory of the whole training process (MB)", values(ttd_f, "peak_rss_mb"),
    values(ttd_t, "peak_rss_mb"), "PyTorch twin", None, "MB")
add("`predict` on a folder, whole pipeline: cases per minute (higher is better)",
    [60 * r["cases"] / r["process_s"] for r in pf_f if r.get("process_s")],
    [60 * r["cases"] / r["process_s"] for r in pf_t if r.get("process_s")], "nibabel + torch twin", None, "cpm")
add("peak resident memory of the predict process (MB)", values(pf_f, "peak_rss_mb"), values(pf_t, "peak_rss_mb"),
    "nibabel + torch twin", None, "MB")
if agree is None:
    missing.append("mask agreement of predict and its twin")


def table():
    out = ["| measure | fess: median (min–max, n) | reference | ratio | goal | verdict |",
           "|---|---|---|---|---|---|"]
    for m in measures:
        verdict = m["why"] or ("–" if m["met"] is None else ("met" if m["met"] else "**not met**"))
        ratio = "–" if m["ratio"] is None else f"{m['ratio']:.3f}"
        ref = "–" if not m["reference_runs"] else \
            f"{spread(m['reference_runs'], m['unit'])} ({m['reference_name']})"
        out.append(f"| {m['measure']} | {spread(m['fess_runs'], m['unit'])} | {ref} | {ratio} | "
                   f"{m['goal'] or '–'} | {verdict} |")
    return out


def profile_lines():
    out = []
    profs = {r["impl"]: r for r in pick(bench="profile")}
    if not profs:
        return out
    kinds = ["conv_forward", "conv_backward", "norm_forward", "norm_backward", "activation", "pooling",
             "concat_copy", "other"]
    out += ["", "### Where a training step's time goes (PyTorch's profiler, one profiled step per side, self time)", "",
            "| kind | " + " | ".join(profs) + " |", "|---|" + "---|" * len(profs)]
    for k in kinds:
        cells = [f"{p['kinds_s'].get(k, 0):.2f} s ({100 * p['shares'].get(k, 0):.0f} %)" for p in profs.values()]
        out.append(f"| {k.replace('_', ' ')} | " + " | ".join(cells) + " |")
    out.append("| total | " + " | ".join(f"{p['total_s']:.2f} s" for p in profs.values()) + " |")
    out.append("| convolution forward GFLOP/s | " + " | ".join(
        f"{p.get('conv_forward_gflops') or 0:.1f}" for p in profs.values()) + " |")
    out.append("| convolution backward GFLOP/s | " + " | ".join(
        f"{p.get('conv_backward_gflops') or 0:.1f}" for p in profs.values()) + " |")
    for impl, p in profs.items():
        if not p.get("per_layer"):
            continue
        out += ["", f"Per convolution layer, {impl} (inclusive time of the profiled step's calls; input size):", "",
                "| layer | calls | forward | backward | forward GFLOP/s | backward GFLOP/s |", "|---|---|---|---|---|---|"]
        for lay in p["per_layer"]:
            out.append(f"| {lay['layer']} | {lay['calls']} | {lay['forward_s']:.2f} s | {lay['backward_s']:.2f} s | "
                       f"{lay['forward_gflops'] or 0:.1f} | {lay['backward_gflops'] or 0:.1f} |")
    convs = pick(bench="conv_layer")
    if convs:
        out += ["", "oneDNN's choice per pass for one 3×3×3 convolution 16 → 16, batch 2 (libtorch 2.7.1 through "
                "DJL, `ONEDNN_VERBOSE=1`; median primitive time):", "",
                "| layout | size | forward | backward data | backward weights | backward ÷ forward (wall) |",
                "|---|---|---|---|---|---|"]
        for c in convs:
            o = c.get("onednn", {})

            def cell(k):
                return f"`{o[k]['impl']}` {o[k]['ms']:.0f} ms" if k in o else "–"
            out.append(f"| {c['layout']} | {c['shape'][3]}³ | {cell('forward_training')} | {cell('backward_data')} | "
                       f"{cell('backward_weights')} | {c['backward_s'] / c['forward_s']:.1f} |")
    return out


def user_lines():
    out = ["", "### The work users wait for", ""]
    if ttd_f or ttd_t:
        out.append(f"`fess train` and its PyTorch twin (bench/user/torch_train.py: same split, preprocessing, "
                   "patch sampling, network and initial parameters, FESS loss, Adam + poly + clipping, validation) "
                   "on the synthetic demo task, one process per seed, A B / B A by seed. Dice by seconds since "
                   "start (epoch: Dice @ s):")
        out.append("")
        for r in sorted(ttd_f + ttd_t, key=lambda r: (r["seed"], r["impl"])):
            curve = ", ".join(f"{e}: {d:.3f} @ {t:.0f} s" if d is not None else f"{e}: – @ {t:.0f} s"
                              for e, d, t in r["curve"])
            reached = (f"Dice ≥ {r['target']:g} after {r['seconds']:.0f} s, {r['steps']} steps"
                       if r["seconds"] is not None else f"Dice {r['target']:g} **not reached**")
            out.append(f"- {r['impl']}, seed {r['seed']}: {reached}; {curve}; process {r.get('process_s')} s, "
                       f"peak RSS {r.get('peak_rss_mb')} MB (load {r.get('loadavg', '?')})")
    if pf_f or pf_t:
        size = (pf_f or pf_t)[0].get("size")
        out += ["", f"`fess predict --input FOLDER` and its nibabel + torch twin (bench/user/torch_predict.py) on "
                f"{(pf_f or pf_t)[0]['cases']} synthetic scans of {size}² × {size // 2 if size else '?'} voxels "
                "(2 mm slices, stored LPS: reorientation and resampling both ways do work), the model of seed 1, "
                "the whole process timed (start-up, read, preprocess, sliding window, undo, write):", ""]
        for r in pf_f + pf_t:
            out.append(f"- {r['impl']}: {r['process_s']} s for {r['cases']} cases = "
                       f"{60 * r['cases'] / r['process_s']:.2f} cases/min, peak RSS {r['peak_rss_mb']} MB "
                       f"(load {r.get('loadavg', '?')})")
    if agree:
        ok = agree["min_dice"] is not None and agree["min_dice"] >= 0.99
        out += ["", f"Same masks: Dice between fess's and the twin's masks per case {agree['dice']} — smallest "
                f"{agree['min_dice']} ({'≥ 0.99, the comparison is fair' if ok else '**below 0.99**'})."]
    return out


def goal_lines():
    """The issue-15 goals, each met / not met, with the profile numbers that explain what stands in the way."""
    out = ["", "### Goals", ""]
    util = next((m for m in measures if m["measure"].startswith("training step utilisation")), None)
    step = measures[0]
    prof = next((r for r in pick(bench="profile") if r["impl"] == "fess"), None)
    conv = next((c for c in pick(bench="conv_layer") if c.get("layout") == "ncdhw"), None)
    why = ""
    if prof:
        why = (f" In the profiled fess step the convolutions' backward takes "
               f"{100 * prof['shares'].get('conv_backward', 0):.0f} % of the time at "
               f"{prof.get('conv_backward_gflops') or 0:.1f} GFLOP/s, against "
               f"{prof.get('conv_forward_gflops') or 0:.1f} GFLOP/s forward")
        if conv and "backward_weights" in conv.get("onednn", {}):
            o = conv["onednn"]
            why += (f"; oneDNN runs the weight gradient with `{o['backward_weights']['impl']}` "
                    f"({o['backward_weights']['ms']:.0f} ms for one 16 → 16 convolution at {conv['shape'][3]}³, "
                    f"forward `{o['forward_training']['impl']}` {o['forward_training']['ms']:.0f} ms)")
        why += ". See docs/performance.md."

    def verdict(m):
        return "–" if m is None or m["met"] is None else ("met" if m["met"] else "**not met**")
    if util:
        out.append(f"- Training step ≥ 60 % of the FP32 peak: {verdict(util)} "
                   f"({fmt(util['fess'], 'fraction')}).{why}")
    out.append(f"- Training step ≥ 1.3× faster than PyTorch eager: {verdict(step)} "
               f"(fess ÷ PyTorch {step['ratio'] if step['ratio'] is None else round(step['ratio'], 3)}; where each "
               "side's step goes is in the profile table below).")
    bf16 = "yes" if machine.get("avx512_bf16") else "no"
    out.append(f"- bf16 sliding window ≥ 1.6× faster than fp32 with mask Dice ≥ 0.995: **not done** (this CPU's "
               f"avx512_bf16: {bf16}; DJL 0.36's PyTorch engine aborts on a bfloat16 tensor; docs/performance.md).")
    out.append("- The work users wait for: time to a validation Dice (fess and its PyTorch twin, per seed) and "
               "cases per minute of `fess predict` beside its nibabel + torch twin are in the table and below.")
    return out


load1 = [float(r["loadavg"].split()[0]) for r in rows if "loadavg" in r]
cores = machine.get("cores") or env.get("cpus") or 1
loaded = bool(load1) and max(load1) > cores
lines = ["# fess performance beside PyTorch, nibabel and scipy", "",
         f"Written by `bench/run.sh` on {env.get('date', '?')} ({env.get('knobs', '')}): "
         f"{machine.get('model', '?')}, {cores} cores at {machine.get('ghz', '?')} GHz, {machine.get('isa', '?')}: "
         f"FP32 peak {peak} GFLOP/s ({cores} × {machine.get('ghz', '?')} GHz × {machine.get('flop_per_cycle', '?')} "
         f"FLOP/cycle; bench/machine.py); avx512_bf16: {'yes' if machine.get('avx512_bf16') else 'no'}. "
         f"{env.get('java', '?')}, PyTorch {env.get('torch', '?')} (reference; fess runs DJL 0.36 on PyTorch "
         f"2.7.1), nibabel {env.get('nibabel', '?')}, scipy {env.get('scipy', '?')}. Two PyTorch intra-op threads on "
         "both sides. fess and the reference alternate in fresh processes (A B, then B A); values are medians of "
         "per-process medians after warm-up, with the min–max of the per-process values and their count.", ""]
if carried_from:
    lines += [f"This run measured only the user-level figures (`ONLY=user bench/run.sh`); every other figure, its "
              f"profile and its load are carried over from the run of {carried_from.get('date', '?')} "
              f"({carried_from.get('knobs', '')}).", ""]
if loaded:
    lines += [f"**This run was on a loaded machine**: the 1-minute load average on these {cores} cores was "
              f"{min(load1):.1f}–{max(load1):.1f} while the benchmarks ran (other users' processes). Absolute times "
              "and utilisation are lower than on an idle machine; ratios of interleaved pairs are firmer.", ""]
lines += table()
lines += goal_lines()
lines += ["", "Equivalence of the PyTorch reference with fess (fess parameters loaded into it; largest differences): "
          + (", ".join(f"{k} {eq[k]:.2e}" for k in eq if isinstance(eq.get(k), float)) if eq else "not run")
          + (" — **ok**" if eq.get("ok") else " — **FAILED**" if eq else "")]
lines += profile_lines()
lines += user_lines()
lines += ["", "Machine load (1/5/15-min load average) at the end of each round: "
          + "; ".join(f"{r['when']}: {r['loadavg']}" for r in loads) + ". Every result in results.json carries the "
          "load average at its end."]
if missing:
    lines += ["", "**Missing results**: " + "; ".join(missing)]
open(out_md, "w").write("\n".join(lines) + "\n")
json.dump({"env": env, "machine": machine, "equivalence": eq, "measures": measures, "raw": rows},
          open(out_json, "w"), indent=1, ensure_ascii=False)
print("\n".join(lines))
if check and (missing or not eq.get("ok")):
    sys.exit(1)

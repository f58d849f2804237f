#!/usr/bin/env bash
# fess beside PyTorch, nibabel and scipy: every benchmark, written to bench/results.md and bench/results.json.
#
#   bench/run.sh            everything (an estimated 20-25 min on 2 idle cores); writes bench/results.md + .json
#   bench/run.sh --check    tiny sizes, one round (about 2 min of CPU): every benchmark runs, the PyTorch reference
#                           agrees with fess; writes bench/target/check/results.md (never the committed results)
#
# From a fresh clone: builds fess itself (reactor `mvn package`, nothing installed into ~/.m2) and installs the
# reference tools with apt when missing. Every comparison alternates fess (A) and the reference (B) in fresh
# processes, A B in odd rounds and B A in even ones, so the other users' load falls on both sides; each process
# warms up before it times; every result records the load average when it finished. Knobs (environment):
# ROUNDS (training rounds, 3), TRAIN_WARMUP (1), TRAIN_STEPS (3 timed steps per process), TRAIN_PATCH (64),
# INFER_ROUNDS (3), INFER_PATCH (128), INFER_SHAPE ("155 240 240", D H W of the 4-channel volume), IO_ROUNDS (3),
# IO_REPS (5), VOXEL_HEAD (samples | full); the user-level figures: TARGET_DICE (0.4, the validation Dice the
# time-to-Dice figure waits for), UL_SEEDS (3 training seeds per side), UL_CASES (8), UL_SIZE (32), UL_EPOCHS (2),
# UL_ITERATIONS (5), UL_PATCH (16), UL_FILTERS (8,16,32,64), UL_PRED_CASES (2), UL_PRED_SIZE (40), UL_PRED_ROUNDS (2).
# ONLY=user runs only the user-level figures and carries every other figure over from the committed results.json.
# Threads: 2 PyTorch intra-op threads on both sides (torch.set_num_threads(2); DJL -Dai.djl.pytorch.num_threads=2
# and the training config's threads = 2).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
PY=/usr/bin/python3
check=false
[ "${1:-}" = "--check" ] && check=true
if $check; then
  ROUNDS=1 TRAIN_WARMUP=1 TRAIN_STEPS=1 TRAIN_PATCH=16 INFER_ROUNDS=1 INFER_PATCH=16 IO_ROUNDS=1 IO_REPS=1
  INFER_SHAPE="20 24 40"; TARGET_DICE=0.0
  UL_CASES=4 UL_SIZE=24 UL_EPOCHS=1 UL_ITERATIONS=2 UL_PATCH=16 UL_FILTERS=4,8 UL_SEEDS=1 UL_PRED_CASES=1
  UL_PRED_SIZE=32 UL_PRED_ROUNDS=1
  CONV_SIZE=16 work="$root/bench/target/check" results="$root/bench/target/check"
else
  ROUNDS="${ROUNDS:-3}" TRAIN_WARMUP="${TRAIN_WARMUP:-1}" TRAIN_STEPS="${TRAIN_STEPS:-3}"
  TRAIN_PATCH="${TRAIN_PATCH:-64}" INFER_ROUNDS="${INFER_ROUNDS:-3}" INFER_PATCH="${INFER_PATCH:-128}"
  IO_ROUNDS="${IO_ROUNDS:-3}" IO_REPS="${IO_REPS:-5}" INFER_SHAPE="${INFER_SHAPE:-155 240 240}"
  TARGET_DICE="${TARGET_DICE:-0.4}"
  # the user-level figures: the quick demo's network and optimiser on smaller data (docs/performance.md)
  UL_CASES="${UL_CASES:-8}" UL_SIZE="${UL_SIZE:-32}" UL_EPOCHS="${UL_EPOCHS:-2}" UL_ITERATIONS="${UL_ITERATIONS:-5}"
  UL_PATCH="${UL_PATCH:-16}" UL_FILTERS="${UL_FILTERS:-8,16,32,64}" UL_SEEDS="${UL_SEEDS:-3}"
  UL_PRED_CASES="${UL_PRED_CASES:-2}" UL_PRED_SIZE="${UL_PRED_SIZE:-40}" UL_PRED_ROUNDS="${UL_PRED_ROUNDS:-2}"
  CONV_SIZE=64 work="$root/bench/target" results="$root/bench"
fi
VOXEL_HEAD="${VOXEL_HEAD:-samples}"
ONLY="${ONLY:-all}"
mkdir -p "$work"
raw="$work/raw.jsonl"
: > "$raw"
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
# RESULT lines of a benchmark process into raw.jsonl, each with the load average at its end
record() { grep '^RESULT ' | sed "s/^RESULT {/{\"loadavg\": \"$(loadavg)\", /" | tee -a "$raw"; }
load() { echo "{\"bench\": \"load\", \"when\": \"$1\", \"loadavg\": \"$(loadavg)\"}" >> "$raw"; }
# A B in odd rounds, B A in even ones
pair() { if [ $(($1 % 2)) -eq 1 ]; then "$2"; "$3"; else "$3"; "$2"; fi; }

# --- reference tools (Debian packages; a pyenv python3 on PATH may have none of them) ---------------------
if ! "$PY" -c 'import torch, nibabel, scipy' 2>/dev/null; then
  log "installing python3-torch python3-nibabel python3-scipy with apt"
  apt-get update -qq && apt-get install -y python3-torch python3-nibabel python3-scipy >/dev/null
fi

# --- build fess: one reactor build; fess-cli/target/lib then holds every runtime jar, fess's own from this build
log "building fess (reactor mvn package, tests skipped)"
mvn -B -q -o -DskipTests -Dmaven.test.skip=true package >/dev/null 2>&1 \
  || mvn -B -q -DskipTests -Dmaven.test.skip=true package >/dev/null
CP="$root/fess-cli/target/fess-cli.jar:$root/fess-cli/target/lib/*"
JAVA=(java -Xmx2g -Dlogback.configurationFile="$root/bench/logback-bench.xml" -Dai.djl.offline=true
      -Dai.djl.pytorch.graph_optimizer=false -Dai.djl.pytorch.num_threads=2 -cp "$CP")
FESS=(java -Xmx4g -Dlogback.configurationFile="$root/bench/logback-bench.xml" -Dai.djl.offline=true
      -jar "$root/fess-cli/target/fess-cli.jar")

{
  echo "{\"bench\": \"env\", \"java\": \"$(java -version 2>&1 | head -1 | sed 's/"//g')\","
  echo " \"torch\": \"$("$PY" -c 'import torch; print(torch.__version__)')\","
  echo " \"nibabel\": \"$("$PY" -c 'import nibabel; print(nibabel.__version__)')\","
  echo " \"scipy\": \"$("$PY" -c 'import scipy; print(scipy.__version__)')\","
  echo " \"cpus\": $(nproc), \"date\": \"$(date -u +%Y-%m-%dT%H:%MZ)\", \"check\": $check,"
  echo " \"knobs\": \"ROUNDS=$ROUNDS TRAIN_WARMUP=$TRAIN_WARMUP TRAIN_STEPS=$TRAIN_STEPS TRAIN_PATCH=$TRAIN_PATCH"
  echo " INFER_ROUNDS=$INFER_ROUNDS INFER_PATCH=$INFER_PATCH INFER_SHAPE=$INFER_SHAPE IO_ROUNDS=$IO_ROUNDS"
  echo " IO_REPS=$IO_REPS TARGET_DICE=$TARGET_DICE UL_CASES=$UL_CASES UL_SIZE=$UL_SIZE UL_EPOCHS=$UL_EPOCHS"
  echo " UL_ITERATIONS=$UL_ITERATIONS UL_PATCH=$UL_PATCH UL_FILTERS=$UL_FILTERS UL_SEEDS=$UL_SEEDS"
  echo " UL_PRED_CASES=$UL_PRED_CASES UL_PRED_SIZE=$UL_PRED_SIZE UL_PRED_ROUNDS=$UL_PRED_ROUNDS ONLY=$ONLY\"}"
} | tr -d '\n' >> "$raw"
echo >> "$raw"
"$PY" "$root/bench/machine.py" >> "$raw"
load start

if [ "$ONLY" = all ]; then
# --- equivalence of the PyTorch reference with fess --------------------------------------------------------
log "equivalence check (fess parameters loaded into the PyTorch reference)"
"${JAVA[@]}" "$root/bench/train/ExportForEquivalence.java" "$work/equivalence" 2>/dev/null >/dev/null
"$PY" "$root/bench/train/check_equivalence.py" "$work/equivalence" | record >/dev/null

# --- training step: fess FESS | PyTorch FESS, alternating; fess Dice only; fess fed by its loader ------------
fess_step() {
  "${JAVA[@]}" -Dbench.voxelHead="$VOXEL_HEAD" -Dbench.patch="$TRAIN_PATCH" "$root/bench/train/TrainStepBench.java" \
    fess "$TRAIN_WARMUP" "$TRAIN_STEPS" 2>/dev/null | record >/dev/null
}
torch_step() {
  "$PY" "$root/bench/train/torch_step.py" fess "$TRAIN_WARMUP" "$TRAIN_STEPS" "$VOXEL_HEAD" "$TRAIN_PATCH" \
    | record >/dev/null
}
for r in $(seq "$ROUNDS"); do
  log "training step, round $r/$ROUNDS: fess FESS and PyTorch FESS"
  pair "$r" fess_step torch_step
  log "training step, round $r/$ROUNDS: fess Dice only, fess FESS fed by BatchLoader"
  "${JAVA[@]}" -Dbench.patch="$TRAIN_PATCH" "$root/bench/train/TrainStepBench.java" dice "$TRAIN_WARMUP" \
    "$TRAIN_STEPS" 2>/dev/null | record >/dev/null
  "${JAVA[@]}" -Dbench.voxelHead="$VOXEL_HEAD" -Dbench.patch="$TRAIN_PATCH" "$root/bench/train/TrainStepBench.java" \
    fess "$TRAIN_WARMUP" "$TRAIN_STEPS" loader 2>/dev/null | record >/dev/null
  load "train round $r"
done

# --- where the step's time goes: PyTorch's profiler on both sides, one step each; oneDNN's choice per pass ----
log "profile of one training step: fess, PyTorch"
"${JAVA[@]}" -Dbench.voxelHead="$VOXEL_HEAD" -Dbench.patch="$TRAIN_PATCH" -Dbench.profile="$work/fess-step.trace.json" \
  "$root/bench/train/TrainStepBench.java" fess 1 1 2>/dev/null >/dev/null
"$PY" "$root/bench/profile_ops.py" "$work/fess-step.trace.json" fess train_step 4 "$TRAIN_PATCH" | record >/dev/null
BENCH_PROFILE="$work/torch-step.trace.json" "$PY" "$root/bench/train/torch_step.py" fess 1 1 "$VOXEL_HEAD" \
  "$TRAIN_PATCH" >/dev/null
"$PY" "$root/bench/profile_ops.py" "$work/torch-step.trace.json" pytorch train_step 4 "$TRAIN_PATCH" | record >/dev/null
log "one 3x3x3 convolution 16 -> 16 at ${CONV_SIZE}^3, batch 2: oneDNN implementations (NCDHW, channels-last)"
for layout in ncdhw cl; do
  ONEDNN_VERBOSE=1 "${JAVA[@]}" "$root/bench/profile/ConvLayerBench.java" 2 16 16 "$CONV_SIZE" 3 "$layout" \
    2>/dev/null | "$PY" "$root/bench/profile/onednn_impls.py" | record >/dev/null
done

# --- sliding-window inference ------------------------------------------------------------------------------
# shellcheck disable=SC2086
fess_window() {
  "${JAVA[@]/-Xmx2g/-Xmx4g}" "$root/bench/infer/SlidingWindowBench.java" "$INFER_PATCH" $INFER_SHAPE 2>/dev/null \
    | record >/dev/null
}
# shellcheck disable=SC2086
torch_window() { "$PY" "$root/bench/infer/torch_infer.py" "$INFER_PATCH" $INFER_SHAPE | record >/dev/null; }
for r in $(seq "$INFER_ROUNDS"); do
  log "sliding window, round $r/$INFER_ROUNDS: fess and PyTorch"
  pair "$r" fess_window torch_window
  load "infer round $r"
done

# --- HD95 + ASSD vs scipy ------------------------------------------------------------------------------------
log "HD95 + ASSD: fess vs scipy"
data="$work/metrics-data"
java -cp "$CP" "$root/bench/metrics/MetricsBench.java" generate "$data" >/dev/null
for r in $(seq "$IO_ROUNDS"); do
  java -Xmx2g -cp "$CP" "$root/bench/metrics/MetricsBench.java" time "$data" 1.0 1.0 1.0 "$IO_REPS" \
    | sed 's/^{/RESULT {"bench": "metrics", /' | record >/dev/null
  "$PY" "$root/bench/metrics/reference.py" "$data" 1.0 1.0 1.0 "$IO_REPS" | sed 's/^{/RESULT {"bench": "metrics", /' \
    | record >/dev/null
done

# --- NIfTI read / write vs nibabel ----------------------------------------------------------------------------
log "NIfTI read/write: fess vs nibabel"
nii="$work/bench_240x240x155_float32.nii.gz"
"$PY" "$root/bench/nifti/nibabel_bench.py" gen "$nii" >/dev/null
for op in read write; do
  for r in $(seq "$IO_ROUNDS"); do
    a=$(java -Xmx2g -cp "$CP" "$root/bench/nifti/NiftiBench.java" "$op" "$nii" "$IO_REPS" | awk '{print $3}')
    b=$("$PY" "$root/bench/nifti/nibabel_bench.py" "$op" "$nii" "$IO_REPS" | awk '{print $3}')
    echo "RESULT {\"bench\": \"nifti\", \"op\": \"$op\", \"impl\": \"fess\", \"ms\": $a}" | record >/dev/null
    echo "RESULT {\"bench\": \"nifti\", \"op\": \"$op\", \"impl\": \"nibabel\", \"ms\": $b}" | record >/dev/null
  done
done

fi

# --- the work users wait for: fess train to a validation Dice; fess predict on a folder; PyTorch twins of both ---
user_level() {
  ul="$work/user"
  rm -rf "$ul" && mkdir -p "$ul"
  "${FESS[@]}" synth brats --out "$ul/data" --cases "$UL_CASES" --size "$UL_SIZE" --seed 1 >/dev/null 2>&1
  # one split for both sides: the last fifth of the sorted case ids validates (fold 0 of a splits.json)
  "$PY" - "$ul/data" "$ul/splits.json" <<'PYEOF'
import json, os, sys
ids = sorted(d for d in os.listdir(sys.argv[1]) if os.path.isdir(os.path.join(sys.argv[1], d)))
val = ids[-max(1, round(len(ids) / 5)):]
json.dump({"method": "kfold", "seed": 0, "folds": [{"train": [i for i in ids if i not in val], "val": val,
           "test": []}], "subsets": {}, "subsetFold": 0}, open(sys.argv[2], "w"), indent=2)
PYEOF
  for s in $(seq "$UL_SEEDS"); do
    "${JAVA[@]}" "$root/bench/user/ExportParameters.java" init "$s" 1 1 "$UL_FILTERS" "$ul/init-$s" >/dev/null 2>&1
  done
  fess_train() {
    local started; started=$(date +%s.%N)
    timed "${FESS[@]}" train --data "$ul/data" --layout brats --channels flair --labels brats-whole-tumour \
      --loss fess --epochs "$UL_EPOCHS" --iterations "$UL_ITERATIONS" --patch "$UL_PATCH" --batch 2 \
      --filters "$UL_FILTERS" --lr 0.01 --val-every 1 --seed "$seed" --threads 2 --augment false \
      --split-file "$ul/splits.json" --cache-dir "$ul/cache-$seed" --out "$ul/run-$seed" >/dev/null 2>&1
    "$PY" "$root/bench/user/time_to_dice.py" "$ul/run-$seed" "$started" "$ul/time.txt" "$TARGET_DICE" \
      "$UL_ITERATIONS" "$seed" | record >/dev/null
  }
  torch_train() {
    timed "$PY" "$root/bench/user/torch_train.py" "$ul/data" "$ul/splits.json" "$ul/init-$seed" "$ul/torch-$seed" \
      "$seed" "$UL_EPOCHS" "$UL_ITERATIONS" "$UL_PATCH" 2 "$UL_FILTERS" 0.01 "$TARGET_DICE" "$(date +%s.%N)" \
      > "$ul/torch-$seed.out"
    "$PY" "$root/bench/user/with_time.py" "$ul/torch-$seed.out" "$ul/time.txt" | record >/dev/null
  }
  for seed in $(seq "$UL_SEEDS"); do
    log "user level: training to validation Dice $TARGET_DICE, seed $seed/$UL_SEEDS: fess train and its PyTorch twin"
    pair "$seed" fess_train torch_train
    load "user train seed $seed"
  done
  # predict: scans with 2 mm slices stored LPS, so reorientation and resampling (there and back) both do work
  "${FESS[@]}" synth brats --out "$ul/scans" --cases "$UL_PRED_CASES" --size "$UL_PRED_SIZE" --seed 2 --anisotropic \
    --orientation LPS >/dev/null 2>&1
  "${JAVA[@]}" "$root/bench/user/ExportParameters.java" run "$ul/run-1" last "$ul/run-1-params" >/dev/null 2>&1
  fess_predict() {
    rm -rf "$ul/masks-fess"
    timed "${FESS[@]}" predict --model "$ul/run-1" --checkpoint last --input "$ul/scans" --out "$ul/masks-fess" \
      --threads 2 >/dev/null 2>&1
    local secs kb masks
    read -r secs kb < "$ul/time.txt"
    masks=$(find "$ul/masks-fess" -name '*.nii.gz' | wc -l)
    echo "RESULT {\"bench\": \"predict_folder\", \"impl\": \"fess\", \"cases\": $masks, \"size\": $UL_PRED_SIZE,"\
" \"process_s\": $secs, \"peak_rss_mb\": $((kb / 1024))}" | record >/dev/null
  }
  torch_predict() {
    rm -rf "$ul/masks-torch"
    timed "$PY" "$root/bench/user/torch_predict.py" "$ul/run-1-params" "$ul/scans" "$ul/masks-torch" "$UL_FILTERS" \
      flair "$(date +%s.%N)" > "$ul/torch-predict.out"
    "$PY" "$root/bench/user/with_time.py" "$ul/torch-predict.out" "$ul/time.txt" \
      | sed "s/\"impl\": \"pytorch\",/\"impl\": \"pytorch\", \"size\": $UL_PRED_SIZE,/" | record >/dev/null
  }
  for r in $(seq "$UL_PRED_ROUNDS"); do
    log "user level: predict on a folder of $UL_PRED_CASES scans of ${UL_PRED_SIZE}² × $((UL_PRED_SIZE / 2)), round $r/$UL_PRED_ROUNDS"
    pair "$r" fess_predict torch_predict
    load "user predict round $r"
  done
  "$PY" "$root/bench/user/mask_agreement.py" "$ul/masks-fess" "$ul/masks-torch" | record >/dev/null
}
timed() { /usr/bin/time -f '%e %M' -o "$ul/time.txt" "$@"; }
user_level
load end

summary_flags=()
$check && summary_flags=(--check)
[ "$ONLY" = user ] && summary_flags+=(--carry "$root/bench/results.json")
"$PY" "$root/bench/summarize.py" "$raw" "$results/results.md" "$results/results.json" "${summary_flags[@]}" >/dev/null
log "wrote $results/results.md and $results/results.json"

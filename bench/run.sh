#!/usr/bin/env bash
# fess beside PyTorch, nibabel and scipy: one run of every benchmark, written to bench/results.md and
# bench/results.json.
#
#   bench/run.sh            everything (about 15-20 min on 2 idle cores)
#   bench/run.sh --check    only the equivalence check of the PyTorch reference against fess
#
# Every comparison alternates fess (A) and the reference (B) in fresh processes, A B A B ..., and reports medians;
# each process warms up before it times. Knobs (environment): ROUNDS (training rounds, 2), TRAIN_WARMUP (1),
# TRAIN_STEPS (2 timed steps per process), INFER_ROUNDS (1), INFER_PATCH (128), IO_ROUNDS (3), IO_REPS (5).
# Threads: 2 PyTorch intra-op threads on both sides (torch.set_num_threads(2); DJL -Dai.djl.pytorch.num_threads=2
# and the training config's threads = 2).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
PY=/usr/bin/python3
ROUNDS="${ROUNDS:-2}"
TRAIN_WARMUP="${TRAIN_WARMUP:-1}"
TRAIN_STEPS="${TRAIN_STEPS:-2}"
INFER_ROUNDS="${INFER_ROUNDS:-1}"
INFER_PATCH="${INFER_PATCH:-128}"
IO_ROUNDS="${IO_ROUNDS:-3}"
IO_REPS="${IO_REPS:-5}"
VOXEL_HEAD="${VOXEL_HEAD:-samples}"   # samples: the FESS voxel head on SupCon's sampled voxels only; full: every voxel
work="$root/bench/target"
mkdir -p "$work"
raw="$work/raw.jsonl"
: > "$raw"
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
record() { grep '^RESULT ' | sed 's/^RESULT //' | tee -a "$raw"; }
load() { echo "{\"bench\": \"load\", \"when\": \"$1\", \"loadavg\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}" >> "$raw"; }

# --- reference tools (Debian packages; the pyenv python3 on PATH has none of them) -------------------------
if ! "$PY" -c 'import torch, nibabel, scipy' 2>/dev/null; then
  log "installing python3-torch python3-nibabel python3-scipy with apt"
  apt-get update -qq && apt-get install -y python3-torch python3-nibabel python3-scipy >/dev/null
fi

# --- build fess ------------------------------------------------------------------------------------------
log "building fess (mvn package, tests skipped)"
mvn -B -q -o -DskipTests package >/dev/null 2>&1 || mvn -B -q -DskipTests package >/dev/null
cpfile="$work/classpath.txt"
mvn -B -q -o -pl fess-cli dependency:build-classpath -Dmdep.outputFile="$cpfile" >/dev/null 2>&1 \
  || mvn -B -q -pl fess-cli dependency:build-classpath -Dmdep.outputFile="$cpfile" >/dev/null
# fess's own modules from this build, never a stale copy from ~/.m2
deps="$(tr ':' '\n' < "$cpfile" | grep -v '/dev/fess/' | paste -sd: -)"
CP="$(ls "$root"/fess-train/target/fess-train-*.jar | head -1):$(ls "$root"/fess-core/target/fess-core-*.jar | head -1):$deps"
JAVA=(java -Xmx2g -Dlogback.configurationFile="$root/bench/logback-bench.xml" -Dai.djl.offline=true
      -Dai.djl.pytorch.graph_optimizer=false -Dai.djl.pytorch.num_threads=2 -cp "$CP")

{
  echo "{\"bench\": \"env\", \"java\": \"$(java -version 2>&1 | head -1 | sed 's/"//g')\","
  echo " \"torch\": \"$("$PY" -c 'import torch; print(torch.__version__)')\","
  echo " \"nibabel\": \"$("$PY" -c 'import nibabel; print(nibabel.__version__)')\","
  echo " \"scipy\": \"$("$PY" -c 'import scipy; print(scipy.__version__)')\","
  echo " \"cpus\": $(nproc), \"date\": \"$(date -u +%Y-%m-%dT%H:%MZ)\"}"
} | tr -d '\n' >> "$raw"
echo >> "$raw"
load start

# --- equivalence of the PyTorch reference with fess --------------------------------------------------------
log "equivalence check (fess parameters loaded into the PyTorch reference)"
"${JAVA[@]}" "$root/bench/train/ExportForEquivalence.java" "$work/equivalence" 2>/dev/null >/dev/null
"$PY" "$root/bench/train/check_equivalence.py" "$work/equivalence" | record
if [ "${1:-}" = "--check" ]; then
  exit 0
fi

# --- training step: fess FESS | PyTorch FESS | fess Dice, alternating -----------------------------------
for r in $(seq "$ROUNDS"); do
  log "training step, round $r/$ROUNDS: fess FESS"
  "${JAVA[@]}" -Dbench.voxelHead="$VOXEL_HEAD" "$root/bench/train/TrainStepBench.java" fess "$TRAIN_WARMUP" \
    "$TRAIN_STEPS" 2>/dev/null | record
  log "training step, round $r/$ROUNDS: PyTorch FESS"
  "$PY" "$root/bench/train/torch_step.py" fess "$TRAIN_WARMUP" "$TRAIN_STEPS" "$VOXEL_HEAD" | record
  log "training step, round $r/$ROUNDS: fess Dice only"
  "${JAVA[@]}" "$root/bench/train/TrainStepBench.java" dice "$TRAIN_WARMUP" "$TRAIN_STEPS" 2>/dev/null | record
  load "train round $r"
done

# --- data pipeline: the real training step fed by fess's prefetching loader ------------------------------
log "data pipeline: fess FESS steps fed by BatchLoader"
"${JAVA[@]}" -Dbench.voxelHead="$VOXEL_HEAD" "$root/bench/train/TrainStepBench.java" fess "$TRAIN_WARMUP" \
  "$TRAIN_STEPS" loader 2>/dev/null | record

# --- sliding-window inference ------------------------------------------------------------------------------
for r in $(seq "$INFER_ROUNDS"); do
  log "sliding window, round $r/$INFER_ROUNDS: fess"
  "${JAVA[@]/-Xmx2g/-Xmx4g}" "$root/bench/infer/SlidingWindowBench.java" "$INFER_PATCH" 2>/dev/null | record
  log "sliding window, round $r/$INFER_ROUNDS: PyTorch"
  "$PY" "$root/bench/infer/torch_infer.py" "$INFER_PATCH" | record
  load "infer round $r"
done

# --- HD95 + ASSD vs scipy ------------------------------------------------------------------------------------
log "HD95 + ASSD: fess vs scipy"
data="$work/metrics-data"
java -cp "$CP" "$root/bench/metrics/MetricsBench.java" generate "$data" >/dev/null
for r in $(seq "$IO_ROUNDS"); do
  java -Xmx2g -cp "$CP" "$root/bench/metrics/MetricsBench.java" time "$data" 1.0 1.0 1.0 "$IO_REPS" \
    | sed 's/^{/RESULT {"bench": "metrics", /' | record >/dev/null
  "$PY" "$root/bench/metrics/reference.py" "$data" 1.0 1.0 1.0 "$IO_REPS" | sed 's/^{/RESULT {"bench": "metrics", /' | record >/dev/null
done

# --- NIfTI read / write vs nibabel ----------------------------------------------------------------------------
log "NIfTI read/write: fess vs nibabel"
nii="$work/bench_240x240x155_float32.nii.gz"
"$PY" "$root/bench/nifti/nibabel_bench.py" gen "$nii" >/dev/null
for op in read write; do
  for r in $(seq "$IO_ROUNDS"); do
    a=$(java -Xmx2g -cp "$CP" "$root/bench/nifti/NiftiBench.java" "$op" "$nii" "$IO_REPS" | awk '{print $3}')
    b=$("$PY" "$root/bench/nifti/nibabel_bench.py" "$op" "$nii" "$IO_REPS" | awk '{print $3}')
    echo "{\"bench\": \"nifti\", \"op\": \"$op\", \"impl\": \"fess\", \"ms\": $a}" >> "$raw"
    echo "{\"bench\": \"nifti\", \"op\": \"$op\", \"impl\": \"nibabel\", \"ms\": $b}" >> "$raw"
  done
done
load end

"$PY" "$root/bench/summarize.py" "$raw" "$root/bench/results.md" "$root/bench/results.json"
log "wrote bench/results.md and bench/results.json"

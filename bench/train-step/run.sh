#!/usr/bin/env bash
# Times a training step of FESS vs Dice alone (see src/TrainStepBench.java).
# Usage: bench/train-step/run.sh [steps-per-arm] [patch-edge]     env THREADS (PyTorch intra-op threads, default 1)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/target"
mkdir -p "$out/classes"
cd "$root"
mvn -B -q -o -pl fess-train -am compile dependency:build-classpath -Dmdep.outputFile="$out/cp.txt" >/dev/null
cp="$(cat "$out/cp.txt"):$root/fess-core/target/classes:$root/fess-train/target/classes"
javac -d "$out/classes" -cp "$cp" "$here/src/TrainStepBench.java"
threads="${THREADS:-1}"
OMP_NUM_THREADS="$threads" exec java -Xmx6g -Dai.djl.offline=true -Dai.djl.pytorch.graph_optimizer=false \
  -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
  ${JAVA_OPTS:-} \
  -cp "$out/classes:$cp" TrainStepBench "$@"

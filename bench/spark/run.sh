#!/usr/bin/env bash
# fess spark predict beside fess predict on the same cases and the same machine, and a two-worker standalone
# cluster against a one-worker one. Writes bench/spark/results.md (and results.tsv).
#
#   nice -n 5 bench/spark/run.sh           CASES=32 SIZE=64 by default (about 10 min on 2 idle cores)
#
# Every measurement is the wall time of one fresh command (JVM start, Spark start where there is one, model load,
# every case read, predicted and written), as a user would see it; cases/min = cases / wall · 60. The load average
# is recorded before and after each one: the development machine is shared, so compare rows taken together.
#   A  fess predict --threads 2                                  (one case at a time, 2 PyTorch threads)
#   B  fess spark predict --master local[2] --threads 1           (2 cases at a time, 1 thread each)
#   C  fess spark predict --master local[1] --threads 2           (A's compute, plus Spark: the pure overhead)
#   D1 spark-submit, standalone, 1 worker × 1 core, --threads 1   (the assembly jar, as on a cluster)
#   D2 spark-submit, standalone, 2 workers × 1 core, --threads 1
# The masks of B, C, D1 and D2 are compared byte for byte with those of a fess predict run with the same --threads.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
CASES="${CASES:-32}"
SIZE="${SIZE:-64}"
work="$root/bench/spark/target"
out="$root/bench/spark/results.md"
tsv="$root/bench/spark/results.tsv"
mkdir -p "$work"
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
loadavg() { cut -d' ' -f1 /proc/loadavg; }

log "building fess and the fess-spark assembly"
./fess --version >/dev/null
mvn -B -q -o -Passembly -pl fess-spark -am package -DskipTests >/dev/null 2>&1 \
  || mvn -B -q -Passembly -pl fess-spark -am package -DskipTests >/dev/null
assembly="$root/fess-spark/target/fess-spark-assembly.jar"

data="$work/data-$CASES-$SIZE"
model="$work/model"
if [ ! -d "$data" ]; then
  log "synthetic cohort: $CASES cases of $SIZE³"
  ./fess synth brats --cases "$CASES" --size "$SIZE" --seed 11 --out "$data" >/dev/null 2>&1
fi
if [ ! -f "$model/config.yaml" ]; then
  log "a small model to predict with"
  ./fess train --data "$data" --loss dice --labels brats-whole-tumour --patch 32 --batch 1 --filters 8,16,32 \
    --epochs 1 --iterations 5 --val-every 0 --threads 2 --device cpu --out "$model" >/dev/null 2>&1
fi

# A Spark "distribution" for spark-submit and the standalone daemons: Spark's own jars (from the Maven build's
# class path of fess-spark, minus fess and its libraries, with Spark's own jackson-annotations), in SPARK_HOME/jars.
spark_home="$work/spark-home"
rm -rf "$spark_home"; mkdir -p "$spark_home/jars"
tr ':' '\n' < fess-spark/target/classpath.txt \
  | grep -v -e '/dev/fess/' -e '/ai/djl/' -e '/tools/jackson/' -e 'jackson-annotations' -e '/picocli/' \
            -e '/progressbar/' -e '/xchart/' -e 'snakeyaml-engine' -e '/jline/' -e 'fess-' \
  | while read -r j; do ln -s "$j" "$spark_home/jars/"; done
ln -s "$HOME/.m2/repository/com/fasterxml/jackson/core/jackson-annotations/2.18.2/jackson-annotations-2.18.2.jar" \
  "$spark_home/jars/"
opens=(-XX:+IgnoreUnrecognizedVMOptions -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
export SPARK_HOME="$spark_home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
spark_java=(java "${opens[@]}" -Dlog4j2.configurationFile="$root/fess-spark/launcher/log4j2.properties"
            -cp "$spark_home/jars/*")

printf 'row\tsetup\tcases\tseconds\tcases_per_min\tload_before\tload_after\tidentical\n' > "$tsv"
timed() { # name setup outdir command...
  local name="$1" setup="$2" dir="$3"; shift 3
  rm -rf "$dir"
  local l0; l0="$(loadavg)"
  local t0; t0="$(date +%s.%N)"
  "$@" > "$work/$name.log" 2>&1 || { log "$name failed: see $work/$name.log"; tail -5 "$work/$name.log" >&2; exit 1; }
  local t1; t1="$(date +%s.%N)"
  local secs; secs="$(echo "$t1 - $t0" | bc -l)"
  local n; n="$(ls "$dir"/*.nii.gz | wc -l)"
  printf '%s\t%s\t%d\t%.1f\t%.1f\t%s\t%s\t%s\n' "$name" "$setup" "$n" "$secs" "$(echo "$n / $secs * 60" | bc -l)" \
    "$l0" "$(loadavg)" "${IDENTICAL_TO:-}" >> "$tsv"
  log "$name: $n cases in $(printf %.1f "$secs") s (load $l0 → $(loadavg))"
}
same_bytes() { # reference dir, other dir → yes/no
  local a="$1" b="$2" f
  for f in "$a"/*.nii.gz; do cmp -s "$f" "$b/$(basename "$f")" || { echo no; return; }; done
  echo yes
}

log "A: fess predict --threads 2"
timed A "fess predict --threads 2" "$work/A" ./fess predict --model "$model" --checkpoint last --input "$data" \
  --out "$work/A" --threads 2
log "reference for --threads 1: fess predict --threads 1"
timed R1 "fess predict --threads 1" "$work/R1" ./fess predict --model "$model" --checkpoint last --input "$data" \
  --out "$work/R1" --threads 1
log "B: fess spark predict --master local[2] --threads 1"
timed B "fess spark predict, local[2], --threads 1" "$work/B" ./fess spark predict --master 'local[2]' \
  --model "$model" --checkpoint last --input "$data" --out "$work/B" --threads 1
log "C: fess spark predict --master local[1] --threads 2"
timed C "fess spark predict, local[1], --threads 2" "$work/C" ./fess spark predict --master 'local[1]' \
  --model "$model" --checkpoint last --input "$data" --out "$work/C" --threads 2

# --- standalone cluster on this machine: a master and 1 or 2 workers of 1 core, spark-submit with the assembly
cluster() { # workers
  local n="$1" port=7177 ui=8180 pids=()
  "${spark_java[@]}" -Xmx512m org.apache.spark.deploy.master.Master --host 127.0.0.1 --port $port \
    --webui-port $ui > "$work/master.log" 2>&1 &
  pids+=($!)
  for w in $(seq 1 "$n"); do
    mkdir -p "$work/worker$w"
    "${spark_java[@]}" -Xmx512m org.apache.spark.deploy.worker.Worker spark://127.0.0.1:$port --host 127.0.0.1 \
      --cores 1 --memory 2g --webui-port $((ui + w)) --work-dir "$work/worker$w" > "$work/worker$w.log" 2>&1 &
    pids+=($!)
  done
  for _ in $(seq 1 120); do
    if curl -s "http://127.0.0.1:$ui/json/" | grep -q "\"aliveworkers\" : $n"; then break; fi
    sleep 1
  done
  local name="D$n"
  timed "$name" "spark-submit, standalone, $n worker(s) × 1 core, --threads 1" "$work/$name" \
    "${spark_java[@]}" -Xmx2g org.apache.spark.deploy.SparkSubmit --master spark://127.0.0.1:$port \
      --conf spark.executor.memory=1g --conf spark.executorEnv.OMP_NUM_THREADS=1 \
      --conf "spark.executor.extraJavaOptions=-Dai.djl.offline=true" \
      --class dev.fess.spark.SparkMain "$assembly" \
      predict --model "$model" --checkpoint last --input "$data" --out "$work/$name" --threads 1
  for ((i=${#pids[@]}-1; i>=0; i--)); do kill "${pids[$i]}" 2>/dev/null || true; wait "${pids[$i]}" 2>/dev/null || true; done
}
log "D1: standalone, one worker"
cluster 1
log "D2: standalone, two workers"
cluster 2

# --- byte identity and the summary ----------------------------------------------------------------------
identical() { # row reference
  local v; v="$(same_bytes "$work/$2" "$work/$1")"
  awk -F'\t' -v r="$1" -v v="$v (vs $2)" 'BEGIN{OFS="\t"} $1==r{$8=v} {print}' "$tsv" > "$tsv.tmp" && mv "$tsv.tmp" "$tsv"
}
identical B R1; identical C A; identical D1 R1; identical D2 R1
{
  echo "# fess spark predict: measured $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "$CASES synthetic BraTS-like cases of ${SIZE}³ (4 channels), an 8-16-32 U-Net, 32³ windows, overlap 0.5;"
  echo "$(nproc) cores; **the machine is shared** (load average before → after each row below). One fresh command"
  echo "per row: JVM and Spark start-up, model load, every case read, predicted and written."
  echo
  echo "| row | setup | cases | s | cases/min | load before → after | masks identical |"
  echo "|---|---|---|---|---|---|---|"
  tail -n +2 "$tsv" | awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s → %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8}'
  echo
  awk -F'\t' 'NR>1{r[$1]=$3/$4} END{a=r["A"]; b=r["B"]; c=r["C"]; d1=r["D1"]; d2=r["D2"];
    printf "- Spark overhead at equal compute (C vs A): %.1f %% fewer cases/min (goal ≤ 10 %%)\n", (1 - c / a) * 100;
    printf "- local[2] with 1 thread per task vs fess predict with 2 threads (B vs A): %.2f×\n", b / a;
    printf "- two workers vs one (D2 vs D1): %.2f× the cases/min\n", d2 / d1 }' "$tsv"
} > "$out"
cat "$out"

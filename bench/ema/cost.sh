#!/usr/bin/env bash
# What ema_decay costs per training step: `fess train` of the real-brain recipe's network (U-Net 8-16-32-64, 32³
# patches, batch 2, Dice arm, validation off) with ema_decay 0 (A) and 0.98 (B), alternating A B / B A in fresh
# processes so the machine's load falls on both sides. Prints each run's mean seconds per epoch of training (epochs
# 2… of timing.csv; the first warms up) and the ratio B/A of the medians.
#
#   bench/ema/cost.sh [ROUNDS=3]   (needs `mvn -B package -DskipTests` first; about 1 min per round on 2 cores)
#
# Measured 2026-12-03 (2 idle cores, load 1.5-2): 1.926 s (decay 0) and 1.920 s (0.98) per 10-step epoch
# (medians of 3), ratio 0.997: no measurable cost.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-3}"
work="$root/bench/target/ema"
rm -rf "$work" && mkdir -p "$work"
fess=(java -Dai.djl.offline=true -jar "$root/fess-cli/target/fess-cli.jar")
"${fess[@]}" synth brats --out "$work/data" --cases 4 --size 48 --seed 1 > /dev/null 2>&1
train() { # decay out
  "${fess[@]}" train --data "$work/data" --loss dice --channels flair --patch 32 --batch 2 --filters 8,16,32,64 \
    --epochs 4 --iterations 10 --val-every 0 --threads 2 --seed 1 --ema-decay "$1" --out "$2" > /dev/null 2>&1
  awk -F, 'NR>2 {s+=$2; n++} END {printf "%.3f\n", s/n}' "$2/timing.csv"
}
a=(); b=()
for r in $(seq 1 "$rounds"); do
  if (( r % 2 )); then a+=("$(train 0 "$work/a$r")"); b+=("$(train 0.98 "$work/b$r")")
  else b+=("$(train 0.98 "$work/b$r")"); a+=("$(train 0 "$work/a$r")"); fi
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
ma=$(median "${a[@]}"); mb=$(median "${b[@]}")
echo "seconds per 10-step epoch, ema_decay 0:    ${a[*]} (median $ma)"
echo "seconds per 10-step epoch, ema_decay 0.98: ${b[*]} (median $mb)"
awk -v a="$ma" -v b="$mb" 'BEGIN {printf "ratio 0.98 / 0: %.3f; load average %s\n", b/a, "'"$(cut -d' ' -f1-3 /proc/loadavg)"'"}'

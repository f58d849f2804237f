#!/usr/bin/env bash
# HD95 + ASSD on 240×240×155 tumour-like masks: fess (A) vs a scipy EDT reference doing MONAI's computation (B).
# Alternates A B A B (ROUNDS rounds); each side reports the median of REPS timed passes after warm-up (process
# start-up and mask loading are not timed; fess also reports its first, cold pass). The timed pass is the whole
# computation from two boolean masks: bounding box, border voxels, both directed EDTs, HD95, ASSD. Prints per-round times, medians, ratio fess ÷ scipy (goal ≤ 0.5) and
# the largest value difference (must be ≤ 1e-6 mm).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/metrics"
ROUNDS="${ROUNDS:-5}"
REPS="${REPS:-5}"
if ! python3 -c 'import scipy, numpy' 2>/dev/null; then
  echo "installing python3-scipy ..." >&2
  apt-get update -qq && apt-get install -y -qq python3-scipy python3-numpy >/dev/null
fi
(cd "$root" && mvn -B -o -q -Dstyle.color=never -pl fess-core -am compile)
cp="$root/fess-core/target/classes"
data="$root/bench/metrics/target/data"
java -cp "$cp" "$here/MetricsBench.java" generate "$data"

for spacing in "1.0 1.0 1.0" "0.8 0.8 2.0"; do
  echo "== spacing $spacing mm, $ROUNDS rounds × $REPS reps ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
  a=(); b=(); la=""; lb=""
  for r in $(seq "$ROUNDS"); do
    la="$(java -Xmx2g -cp "$cp" "$here/MetricsBench.java" time "$data" $spacing "$REPS")"
    lb="$(python3 "$here/reference.py" "$data" $spacing "$REPS")"
    echo "round $r  A $la"
    echo "round $r  B $lb"
    a+=("$la"); b+=("$lb")
  done
  python3 - "$ROUNDS" "${a[@]}" "${b[@]}" <<'PY'
import json, statistics, sys
n = int(sys.argv[1])
a = [json.loads(x) for x in sys.argv[2:2 + n]]
b = [json.loads(x) for x in sys.argv[2 + n:2 + 2 * n]]
ta = statistics.median(x["seconds"] for x in a)
tb = statistics.median(x["seconds"] for x in b)
ca = statistics.median(x["cpu_seconds"] for x in a)
cb = statistics.median(x["cpu_seconds"] for x in b)
dh = max(abs(x["hd95"] - y["hd95"]) for x in a for y in b)
dd = max(abs(x["assd"] - y["assd"]) for x in a for y in b)
print(f"fess  median wall {ta*1000:8.2f} ms  cpu {ca*1000:8.2f} ms   hd95 {a[0]['hd95']:.9f}  assd {a[0]['assd']:.9f}")
print(f"scipy median wall {tb*1000:8.2f} ms  cpu {cb*1000:8.2f} ms   hd95 {b[0]['hd95']:.9f}  assd {b[0]['assd']:.9f}")
print(f"fess first (cold JVM) pass median {statistics.median(x['first_pass_seconds'] for x in a)*1000:.1f} ms")
print(f"ratio fess/scipy wall {ta/tb:.3f} (goal <= 0.5), cpu {ca/cb:.3f}   max |diff| hd95 {dh:.2e} mm, assd {dd:.2e} mm "
      f"({'OK' if max(dh, dd) <= 1e-6 else 'MISMATCH'})")
PY
done

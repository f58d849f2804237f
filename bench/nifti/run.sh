#!/usr/bin/env bash
# NIfTI read/write benchmark: fess vs nibabel on a 240×240×155 float32 .nii.gz (BraTS size).
# Runs the two alternately (A B A B ...), ROUNDS rounds, each a fresh process timing REPS runs after 2 warm-ups;
# prints the median of the per-process medians, their ratio fess ÷ nibabel (< 1 means fess is faster), and the
# median of the per-round ratios (more robust on a busy machine: each round's pair ran back to back).
# Both write with gzip level 1 (nibabel's default compresslevel; fess's Nifti.DEFAULT_GZIP_LEVEL).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/nifti"
py=/usr/bin/python3
ROUNDS="${ROUNDS:-3}"
REPS="${REPS:-5}"

if ! "$py" -c 'import nibabel' 2>/dev/null; then
  echo "installing python3-nibabel with apt..." >&2
  apt-get install -y python3-nibabel >/dev/null
fi
echo "nibabel $("$py" -c 'import nibabel; print(nibabel.__version__)'), $(java -version 2>&1 | head -1)"

(cd "$root" && mvn -B -o -q -pl fess-core -am compile >/dev/null)
cp="$root/fess-core/target/classes"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
file="$work/bench_240x240x155_float32.nii.gz"
"$py" "$here/nibabel_bench.py" gen "$file"
echo "file: $(du -h "$file" | cut -f1) compressed, $((240 * 240 * 155 * 4 / 1048576)) MiB of float32"

declare -A results
for op in read write; do
  for ((r = 1; r <= ROUNDS; r++)); do
    a=$(java -Xmx2g -cp "$cp" "$here/NiftiBench.java" "$op" "$file" "$REPS" | awk '{print $3}')
    b=$("$py" "$here/nibabel_bench.py" "$op" "$file" "$REPS" | awk '{print $3}')
    echo "round $r $op: fess ${a} ms, nibabel ${b} ms"
    results[fess_$op]+="$a "
    results[nib_$op]+="$b "
    results[ratio_$op]+="$(awk -v f="$a" -v n="$b" 'BEGIN {print f / n}') "
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo
printf '%-6s %12s %12s %10s %18s\n' op fess_ms nibabel_ms ratio median_round_ratio
for op in read write; do
  f=$(echo "${results[fess_$op]}" | median)
  n=$(echo "${results[nib_$op]}" | median)
  q=$(echo "${results[ratio_$op]}" | median)
  printf '%-6s %12.1f %12.1f %10.2f %18.2f\n' "$op" "$f" "$n" "$(awk -v f="$f" -v n="$n" 'BEGIN {print f / n}')" "$q"
done

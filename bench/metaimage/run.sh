#!/usr/bin/env bash
# MetaImage read benchmark: fess vs ITK 5.2's ImageIO (C++, Debian libinsighttoolkit5-dev) on BraTS-sized
# (240×240×155) files: MET_SHORT zlib-compressed .mha (as BRATS 2015 ships them) and MET_FLOAT uncompressed .mha.
# Alternates fess (A) and ITK (B) in fresh processes, ROUNDS rounds, each timing REPS reads after 2 warm-ups; prints
# per-round wall and thread-CPU times, the medians, and fess ÷ ITK (< 1: fess faster). CPU time is the fairer
# figure on a shared machine (wall time there mostly measures the other jobs). Needs: apt-get install
# libinsighttoolkit5-dev cmake g++. Run with nice and record the load (printed) next to the numbers.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/metaimage"
ROUNDS="${ROUNDS:-3}"
REPS="${REPS:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && cmake "$root/fess-core/src/test/resources/metaimage/tool" -DCMAKE_BUILD_TYPE=Release >/dev/null \
  && make >/dev/null)
itk="$work/itk_metaimage"
(cd "$root" && mvn -B -o -q -pl fess-core -am compile >/dev/null)
cp="$root/fess-core/target/classes"
echo "$(java -version 2>&1 | head -1); ITK $(dpkg-query -W -f='${Version}' libinsighttoolkit5-dev); load $(cut -d' ' -f1-3 /proc/loadavg)"
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for spec in "short true" "float false"; do
  set -- $spec
  file="$work/bench_$1_$2.mha"
  java -Xmx2g -cp "$cp" "$here/MetaImageBench.java" gen "$file" "$1" "$2"
  fs=""; is=""; fc=""; ic=""
  for ((r = 1; r <= ROUNDS; r++)); do
    read -r _ _ a ac < <(java -Xmx2g -cp "$cp" "$here/MetaImageBench.java" read "$file" "$REPS")
    read -r _ _ b bc < <("$itk" time "$file" "$REPS")
    echo "round $r MET_${1^^} compressed=$2 ($(du -h "$file" | cut -f1)): wall fess $a ms, ITK $b ms;" \
      "CPU fess $ac ms, ITK $bc ms"
    fs+="$a "; is+="$b "; fc+="$ac "; ic+="$bc "
  done
  f=$(echo "$fs" | median); i=$(echo "$is" | median); g=$(echo "$fc" | median); j=$(echo "$ic" | median)
  printf 'MET_%s compressed=%s: wall fess %.1f ms, ITK %.1f ms (%.2f); CPU fess %.1f ms, ITK %.1f ms (%.2f)\n' \
    "${1^^}" "$2" "$f" "$i" "$(awk -v f="$f" -v i="$i" 'BEGIN {print f / i}')" \
    "$g" "$j" "$(awk -v f="$g" -v i="$j" 'BEGIN {print f / i}')"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

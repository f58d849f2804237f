#!/usr/bin/env bash
# Sliding-window inference timing, Java side: 4×240×240×155, U-Net 16-32-64-128 (random weights), patch 64³,
# overlap 0.5, Gaussian weighting. Extra key=value arguments override (see InferenceBenchmark's Javadoc).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$root/fess" --version >/dev/null   # builds the jars when needed
cp="$root/fess-cli/target/fess-cli.jar:$root/fess-cli/target/lib/*"
exec java -Xmx8g -Dai.djl.offline=true -cp "$cp" "$root/bench/infer/InferenceBenchmark.java" "$@"

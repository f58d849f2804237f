#!/usr/bin/env bash
# Batch loader benchmark. Usage: bench/loader/run.sh [cases] [batches-per-measurement] [steps]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -o -q -pl fess-core -am compile
mvn -B -o -q -pl fess-core dependency:build-classpath -Dmdep.outputFile="$PWD/fess-core/target/loader-bench.cp" >/dev/null
exec java -Xmx4g -cp "fess-core/target/classes:$(cat fess-core/target/loader-bench.cp)" bench/loader/LoaderBench.java "$@"

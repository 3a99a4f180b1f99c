#!/usr/bin/env bash
# Model throughput (issue 4): colorize's TorchScript inference path vs a raw DJL predictor loop.
# Needs Debian's python3-torch once, to write the benchmark network. Usage:
#   scripts/bench/run-model-throughput.sh [images=32] [batchSizes=1,4,8,16] [rounds=3]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
model="colorize-batch/target/bench/unet-256.pt"
mkdir -p "$(dirname "$model")"
[[ -f "$model" ]] || /usr/bin/python3 scripts/bench/make_bench_model.py "$model"
mvn -B -q -o -pl colorize-batch test-compile
mvn -B -q -o -pl colorize-batch dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
cp="colorize-batch/target/test-classes:colorize-batch/target/classes:$(cat colorize-batch/target/bench-classpath.txt)"
exec java -Xmx2g -Dai.djl.offline=true -cp "$cp" dev.colorize.bench.model.ModelThroughputBenchmark \
  "$model" "${1:-32}" "${2:-1,4,8,16}" "${3:-3}"

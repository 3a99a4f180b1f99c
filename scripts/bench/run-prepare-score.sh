#!/usr/bin/env bash
# The prepare-and-score benchmark of issue 2 (docs/benchmarks.md): compiles colorize-batch's test
# sources and runs dev.colorize.bench.PipelineBenchmark on the test classpath, from the repository
# root, so it can call scripts/bench/python_pipeline.py. Arguments go to the benchmark
# (--help lists them). Tables land in colorize-batch/target/bench/; the generated JPEGs are kept
# in colorize-batch/target/bench/images/ and reused by later runs (delete it to regenerate).
#
# Environment: MAVEN_ARGS (default "-o", offline), JAVA (default java), BENCH_JVM_OPTS (default: a
# fixed, pre-touched 1 GiB heap). The glibc malloc settings below keep large native buffers in the
# heap instead of fresh mmap()s; page faults are expensive on this kind of sandboxed machine. They
# are inherited by the Python subprocesses too (OpenCV-Python is about 4x faster with them here),
# so both sides run under the same conditions; override them to measure without.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX-2}
export MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_-67108864}
export MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_-268435456}
export MALLOC_TOP_PAD_=${MALLOC_TOP_PAD_-67108864}

mvn -B -q ${MAVEN_ARGS--o} -pl colorize-batch test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
classpath="colorize-batch/target/test-classes:colorize-batch/target/classes:$(cat colorize-batch/target/bench.cp)"

# A fixed, pre-touched heap: without it the JVM keeps faulting in fresh heap pages as eden grows,
# which here doubled the cost of the Lab conversions and metrics.
exec "${JAVA:-java}" ${BENCH_JVM_OPTS--Xms1g -Xmx1g -XX:+AlwaysPreTouch} -cp "$classpath" \
  dev.colorize.bench.PipelineBenchmark --out colorize-batch/target/bench \
  --image-dir colorize-batch/target/bench/images "$@"

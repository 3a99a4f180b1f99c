#!/usr/bin/env bash
# The batch-machinery benchmark of issue 3 (docs/benchmarks-batch.md): compiles colorize-batch's
# test sources and runs dev.colorize.bench.batch.BatchOverheadBenchmark on the test class path.
# One run measures (1) the evaluate job through Spring Batch against the same loop without it and
# (2) the peak memory of the forked `colorize evaluate` CLI on N and 10N images. Arguments go to
# the benchmark (see its Javadoc), e.g. --images 400 --reps 3 --mem-images 200 --xmx 512m.
# Results: stdout and colorize-batch/target/bench-batch/results.md.
#
# Environment: MAVEN_ARGS (default "-o", offline), JAVA (default java), BENCH_JVM_OPTS (the
# benchmark JVM's options; default -Xmx2g).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

mvn -B -q ${MAVEN_ARGS--o} -pl colorize-batch test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-batch.cp -Dmdep.includeScope=test
classpath="colorize-batch/target/test-classes:colorize-batch/target/classes:$(cat colorize-batch/target/bench-batch.cp)"

exec "${JAVA:-java}" ${BENCH_JVM_OPTS:--Xmx2g} -Djava.awt.headless=true -cp "$classpath" \
  dev.colorize.bench.batch.BatchOverheadBenchmark --out colorize-batch/target/bench-batch "$@"

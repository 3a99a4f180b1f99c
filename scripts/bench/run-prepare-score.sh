#!/usr/bin/env bash
# The prepare-and-score benchmark of issue 2 (docs/benchmarks.md): compiles colorize-batch's test
# sources and runs dev.colorize.bench.PipelineBenchmark on the test classpath, from the repository
# root, so it can call scripts/bench/python_pipeline.py. Arguments go to the benchmark
# (--help lists them). Tables land in colorize-batch/target/bench/.
#
# Environment: MAVEN_ARGS (default "-o", offline), JAVA (default java), BENCH_JVM_OPTS.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

mvn -B -q ${MAVEN_ARGS--o} -pl colorize-batch test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
classpath="colorize-batch/target/test-classes:colorize-batch/target/classes:$(cat colorize-batch/target/bench.cp)"

exec "${JAVA:-java}" ${BENCH_JVM_OPTS-} -cp "$classpath" \
  dev.colorize.bench.PipelineBenchmark --out colorize-batch/target/bench "$@"

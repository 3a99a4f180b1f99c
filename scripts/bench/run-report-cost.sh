#!/usr/bin/env bash
# The HTML report's cost benchmark of issue 13 (docs/benchmarks.md): compiles colorize-batch's
# test sources and runs dev.colorize.bench.report.ReportCostBenchmark on the test class path.
# Each repetition forks `colorize evaluate` twice on fresh work directories, in alternating
# order: <saveImages>none</saveImages> minus its html-report step (no report), and the default
# report. It prints each run, the medians and the ratio with / without. Arguments go to the
# benchmark (see its Javadoc), e.g. --images 1000 --reps 3 --threads 2.
#
# Environment: MAVEN_ARGS (default "-o", offline), JAVA (default java).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

mvn -B -q ${MAVEN_ARGS--o} -pl colorize-batch test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-report.cp -Dmdep.includeScope=test
classpath="$root/colorize-batch/target/test-classes:$root/colorize-batch/target/classes:$(cat colorize-batch/target/bench-report.cp)"

cd colorize-batch
exec "${JAVA:-java}" -Xmx512m -Djava.awt.headless=true -cp "$classpath" \
  dev.colorize.bench.report.ReportCostBenchmark "$@"

#!/usr/bin/env bash
# Compiles colorize-batch's main and test sources and prints their class path (test classes,
# classes, test-scope dependencies), for the benchmark scripts that start JVMs on it. Maven runs
# with MAVEN_ARGS (default -o: offline). Usage: cp="$(scripts/bench/test-classpath.sh)"
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -B -q ${MAVEN_ARGS--o} -pl colorize-batch test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >&2
echo "$root/colorize-batch/target/test-classes:$root/colorize-batch/target/classes:$(cat colorize-batch/target/bench-classpath.txt)"

#!/usr/bin/env bash
# The remote-partitioning benchmark of issue 14 (docs/scale-out.md): one evaluate run (gray
# baseline model, all metrics) over a generated folder dataset, timed
#   h2        one JVM, THREADS threads, embedded H2 repository (the default)
#   pg        one JVM, THREADS threads, PostgreSQL repository (what remote runs on)
#   remote-N  a manager and N worker JVMs with THREADS/N threads each (same total cores),
#             <remote><partitions>PARTITIONS</partitions>
# and prints one line per run (seconds, images/s, commits), the partitioning overhead (remote-N
# vs pg), and the job repository's cost of one chunk commit on H2 and on PostgreSQL, measured
# apart with chunks of one item and no work (dev.colorize.job.ChunkCommitCost, test sources):
# in the evaluate runs it is lost in the noise of the image work.
# The workers start together with the manager; its wall time is what is reported.
#
# Usage: scripts/bench/run-remote-workers.sh [IMAGES] [PARTITIONS] [CHUNK] [THREADS] [WORKERS...]
#   defaults: 600 images, 16 partitions, chunk 16, 2 threads, workers "1 2 4"
# Environment: COLORIZE_BENCH_POSTGRES_URL/_USER/_PASSWORD (default: the COLORIZE_TEST_POSTGRES_*
# variables .ci/run sets), JAVA, MAVEN_ARGS (default -o), BENCH_DIR (default
# colorize-batch/target/bench-remote). Every run uses "rerun": a new job instance.
# A run with more worker JVMs than cores (4 workers on 2 cores) oversubscribes: say so.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
images=${1:-600}
partitions=${2:-16}
chunk=${3:-16}
threads=${4:-2}
shift $(( $# < 4 ? $# : 4 )) || true
worker_counts=("${@:-1 2 4}")
worker_counts=(${worker_counts[*]})
url=${COLORIZE_BENCH_POSTGRES_URL:-${COLORIZE_TEST_POSTGRES_URL:?set COLORIZE_BENCH_POSTGRES_URL}}
user=${COLORIZE_BENCH_POSTGRES_USER:-${COLORIZE_TEST_POSTGRES_USER:-colorize}}
password=${COLORIZE_BENCH_POSTGRES_PASSWORD:-${COLORIZE_TEST_POSTGRES_PASSWORD:-colorize}}
bench=${BENCH_DIR:-$root/colorize-batch/target/bench-remote}
java=${JAVA:-java}

mvn -B -q ${MAVEN_ARGS--o} -pl colorize-batch test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-remote.cp >&2
cp="$root/colorize-batch/target/classes:$(cat colorize-batch/target/bench-remote.cp)"
test_cp="$root/colorize-batch/target/test-classes:$cp"

per_class=$(( images / 4 ))
data="$bench/data-$images"
if [[ ! -d "$data" ]]; then
  "$java" scripts/bench/MakeBenchPhotos.java "$data" 4 "$per_class"
fi

# config NAME THREADS REMOTE(0|1) DB(h2|pg)
config() {
  local name=$1 t=$2 remote=$3 db=$4 file="$bench/$1.json"
  {
    echo "{\"workDirectory\": \"$bench/work-$name\", \"chunkSize\": $chunk, \"threads\": $t,"
    echo " \"rerun\": true, \"saveImages\": \"none\","
    echo " \"datasets\": [{\"name\": \"photos\", \"format\": \"folder\", \"path\": \"$data\"}],"
    echo " \"models\": [{\"name\": \"gray\", \"engine\": \"gray\"}]"
    if [[ $db == pg ]]; then
      echo ", \"jdbc\": {\"url\": \"$url\", \"user\": \"$user\", \"password\": \"$password\"}"
    fi
    if [[ $remote == 1 ]]; then
      echo ", \"remote\": {\"partitions\": $partitions, \"heartbeatSeconds\": 30}"
    fi
    echo "}"
  } > "$file"
  echo "$file"
}

run_cli() { "$java" -Xmx1g -Djava.awt.headless=true -cp "$cp" dev.colorize.cli.ColorizeCli "$@"; }

# report NAME SECONDS: one line from the run's run.json
report() {
  local name=$1 seconds=$2 json="$bench/work-$1/evaluate/run.json"
  local commits
  commits=$(grep -o '"commits" : [0-9]*' "$json" | awk '{s += $3} END {print s}')
  printf '%-10s %8.2f s %8.1f images/s %6d commits\n' "$name" "$seconds" \
    "$(echo "$images / $seconds" | bc -l)" "$commits"
  echo "$name $seconds $commits" >> "$bench/results.txt"
}

mkdir -p "$bench"
: > "$bench/results.txt"
for db in h2 pg; do
  file=$(config "$db" "$threads" 0 "$db")
  rm -rf "$bench/work-$db"
  start=$(date +%s.%N)
  run_cli evaluate --config "$file" > "$bench/$db.log" 2>&1
  report "$db" "$(echo "$(date +%s.%N) - $start" | bc -l)"
done
for n in "${worker_counts[@]}"; do
  name="remote-$n"
  per_worker=$(( threads / n > 0 ? threads / n : 1 ))
  file=$(config "$name" "$per_worker" 1 pg)
  rm -rf "$bench/work-$name"
  pids=()
  start=$(date +%s.%N)
  for w in $(seq 1 "$n"); do
    run_cli worker --config "$file" --idle-seconds 60 > "$bench/$name-worker$w.log" 2>&1 &
    pids+=($!)
  done
  run_cli evaluate --config "$file" > "$bench/$name.log" 2>&1
  report "$name" "$(echo "$(date +%s.%N) - $start" | bc -l)"
  # The workers wait for more work (idle 60 s: shorter risks a worker ending between two steps
  # of a loaded machine, leaving the manager waiting); stop them as Ctrl-C would.
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" || true; done
done

awk '
  { t[$1] = $2 }
  END {
    for (k in t) if (k ~ /^remote-/)
      printf "%s vs one JVM on PostgreSQL: %+.1f%%\n", k, (t[k] / t["pg"] - 1) * 100
  }' "$bench/results.txt" | sort
rm -rf "$bench/commit-cost"
"$java" -cp "$test_cp" dev.colorize.job.ChunkCommitCost "$bench/commit-cost" "$url" "$user" \
  "$password" 2000

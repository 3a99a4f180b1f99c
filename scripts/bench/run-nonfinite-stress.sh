#!/usr/bin/env bash
# How often training hits a non-finite loss or gradient, with and without glibc's
# MALLOC_PERTURB_ fill of fresh allocations (docs/training.md, "Uninitialised memory"). For each
# network, batch size and thread count: one JVM with DNNL_MAX_CPU_ISA=AVX2 and MALLOC_PERTURB_
# unset, running RUNS trainings of STEPS steps (dev.colorize.train.NonFiniteStress, test sources).
# The positive control `unpadded` (plain convolutions with 2 output channels, which oneDNN pads)
# also runs with MALLOC_PERTURB_=255. Usage:
#   scripts/bench/run-nonfinite-stress.sh [networks=unpadded,chromagan,deoldify,instcolor]
#       [batches=1,4,8] [threads=1,2] [runs=8] [steps=120]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
networks="${1:-unpadded,chromagan,deoldify,instcolor}"
batches="${2:-1,4,8}"
threads="${3:-1,2}"
runs="${4:-8}"
steps="${5:-120}"
cp="$(scripts/bench/test-classpath.sh)"
work="$(mktemp -d -t nonfinite-stress.XXXXXX)"
trap 'rm -rf "$work"' EXIT
stress() { # network batch threads perturb(empty: unset)
  env -u MALLOC_PERTURB_ ${4:+MALLOC_PERTURB_=$4} DNNL_MAX_CPU_ISA=AVX2 \
    OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" java -Xmx512m -Dai.djl.offline=true \
    -Dai.djl.pytorch.num_threads="$3" -Dai.djl.pytorch.num_interop_threads="$3" -cp "$cp" \
    dev.colorize.train.NonFiniteStress "$1" "$runs" "$steps" "$2" "$3" "$work/$1" \
    2>"$work/err" | grep '^NONFINITE' || { echo "failed: $*" >&2; tail -20 "$work/err" >&2; exit 1; }
}
for n in ${networks//,/ }; do
  for t in ${threads//,/ }; do
    for b in ${batches//,/ }; do
      stress "$n" "$b" "$t" ""
      if [[ "$n" == unpadded ]]; then
        stress "$n" "$b" "$t" 255
      fi
    done
  done
done

#!/usr/bin/env bash
# Training throughput (issue 5): colorize's TrainingLoop on the ChromaGAN-style generator against
# the same network, loss, optimiser and batch in PyTorch (Debian's python3-torch, /usr/bin/python3),
# interleaved in one invocation. Each (side, threads, batch size, round) is a fresh process, so the
# peak RSS (VmHWM) printed is that configuration's. See docs/benchmarks-training.md. Usage:
#   scripts/bench/run-train-throughput.sh [batchSizes=1,4,8,16] [threads=2,1] [rounds=3]
#       [warmup=50] [steps=20] [size=small] [input=64]
# The warm-up is long because the JVM's C2 compiler keeps compiling for the first few dozen steps
# (measured: 2.1x the CPU per step after 10 steps, 1.0x after 60, batch 1).
# Both sides run with OMP_WAIT_POLICY=PASSIVE unless the caller sets it: with the default spin-wait,
# on a machine whose cores other processes share, each parallel region waits for descheduled
# OpenMP threads (10x slower steps for both sides at 2 threads; docs/benchmarks-training.md).
set -euo pipefail
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
batches="${1:-1,4,8,16}"
threads="${2:-2,1}"
rounds="${3:-3}"
warmup="${4:-50}"
steps="${5:-20}"
size="${6:-small}"
input="${7:-64}"
dependencies="$(scripts/bench/test-classpath.sh | cut -d: -f3-)"
results="$(mktemp -t train-throughput.XXXXXX)"
work="$(mktemp -d -t train-throughput-work.XXXXXX)"
trap 'rm -rf "$work"' EXIT
# A snapshot of the compiled classes: a rebuild during the (long) run does not change what runs.
cp -r colorize-batch/target/classes "$work/classes"
cp -r colorize-batch/target/test-classes "$work/test-classes"
cp="$work/test-classes:$work/classes:$dependencies"

java_side() { # threads batch
  # How colorize:finetune forks a built-in network's training JVM (docs/training.md):
  # DNNL_MAX_CPU_ISA=AVX2 against oneDNN's wrong AVX-512 convolutions here (its AVX2 ones are
  # wrong only for channel counts the built-in networks pad away, PaddedConv2d), and no
  # MALLOC_PERTURB_ (needed only where oneDNN pads channels; run-nonfinite-stress.sh).
  env -u MALLOC_PERTURB_ DNNL_MAX_CPU_ISA="${DNNL_MAX_CPU_ISA:-AVX2}" \
    java -Xmx1g -Dai.djl.offline=true \
    -Dai.djl.pytorch.num_threads="$1" -Dai.djl.pytorch.num_interop_threads="$1" -cp "$cp" \
    dev.colorize.bench.train.TrainThroughputBenchmark "$size" "$input" "$2" "$1" "$warmup" \
    "$steps" 150 "$work" 2>"$work/java.err" | grep '^RESULT\|^PARAMS' || {
      echo "Java side failed (threads $1, batch $2):" >&2; tail -20 "$work/java.err" >&2; exit 1; }
}
torch_side() { # threads batch
  # Debian's torch calls the system BLAS (OpenBLAS, pthreads), which ignores torch.set_num_threads
  # and otherwise runs (and spins) as many threads as there are cores.
  OPENBLAS_NUM_THREADS="$1" /usr/bin/python3 scripts/bench/train_torch.py "$size" "$input" "$2" \
    "$1" "$warmup" "$steps" 150 2>"$work/torch.err" | grep '^RESULT\|^PARAMS' || {
      echo "PyTorch side failed (threads $1, batch $2):" >&2; tail -20 "$work/torch.err" >&2
      exit 1; }
}

echo "train throughput: ChromaGAN $size, input ${input}x${input}, batches $batches, threads" \
  "$threads, $rounds rounds of $warmup warm-up + $steps timed steps; $(nproc) cores;" \
  "OMP_WAIT_POLICY=$OMP_WAIT_POLICY"
echo "load before: $(uptime)"
for round in $(seq 1 "$rounds"); do
  for t in ${threads//,/ }; do
    for b in ${batches//,/ }; do
      # Alternate who goes first, so a load change does not always hit the same side.
      if (( round % 2 == 1 )); then
        java_side "$t" "$b" | tee -a "$results"; torch_side "$t" "$b" | tee -a "$results"
      else
        torch_side "$t" "$b" | tee -a "$results"; java_side "$t" "$b" | tee -a "$results"
      fi
    done
  done
done
echo "load after: $(uptime)"
/usr/bin/python3 scripts/bench/train_throughput_summary.py "$results"

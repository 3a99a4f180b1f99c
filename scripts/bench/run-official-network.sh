#!/usr/bin/env bash
# Official DeOldify generator, colorize vs Python PyTorch (issue 12): inference and one training
# step, same seeded file, same threads, medians and ratios; then the peak memory of loading the
# stable generator. Needs Debian's python3-torch and python3-torchvision. Usage:
#   scripts/bench/run-official-network.sh [variant=artistic] [size=256] [batches=1,8] [passes=5] [threads=2]
# and for InstColor's three networks (the instances: boxes fused, 0 = the full-image network alone):
#   scripts/bench/run-official-network.sh instcolor [size=256] [instances=2] [passes=5] [threads=2]
# and for ChromaGAN's network (224 px only; then the peak memory of loading its .h5):
#   scripts/bench/run-official-network.sh chromagan [batch=1] [passes=5] [threads=2]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
cp="$(scripts/bench/test-classpath.sh)"
variant="${1:-artistic}"
threads="${5:-2}"
file="colorize-batch/target/bench/official-${variant}.pth"
# the same environment as the goals' forks running official networks (docs/training.md): what this
# machine's self-check chose for padded convolutions (oneDNN instruction set, glibc's allocation
# fill, channel padding) unless DNNL_MAX_CPU_ISA is set. The Python side runs without them, as
# its users run it (PYTHON_DNNL_MAX_CPU_ISA=NAME limits it too, for a like-for-like run).
if [[ -z "${DNNL_MAX_CPU_ISA:-}" ]]; then
  while IFS='=' read -r name value; do
    case "$name" in
      DNNL_MAX_CPU_ISA) DNNL_MAX_CPU_ISA="$value" ;;
      MALLOC_PERTURB_) MALLOC_PERTURB_="${MALLOC_PERTURB_-$value}" ;;
      COLORIZE_PAD_CHANNELS) COLORIZE_PAD_CHANNELS="${COLORIZE_PAD_CHANNELS-$value}" ;;
    esac
  done < <(java -cp "$cp" dev.colorize.model.cpu.PrintInstructionSet --environment --padded)
fi
export DNNL_MAX_CPU_ISA MALLOC_PERTURB_="${MALLOC_PERTURB_-255}" \
  COLORIZE_PAD_CHANNELS="${COLORIZE_PAD_CHANNELS-true}"
echo "DNNL_MAX_CPU_ISA=$DNNL_MAX_CPU_ISA MALLOC_PERTURB_=$MALLOC_PERTURB_" \
  "COLORIZE_PAD_CHANNELS=$COLORIZE_PAD_CHANNELS (Python: DNNL_MAX_CPU_ISA=${PYTHON_DNNL_MAX_CPU_ISA:-its default})" >&2
run_java() {
  java -Xmx2g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" \
    -Dai.djl.pytorch.num_interop_threads=1 -cp "$cp" "$@"
}
if [[ "$variant" == instcolor ]]; then
  run_java dev.colorize.bench.model.InstColorNetworkBenchmark "${2:-256}" "${3:-2}" "${4:-5}" \
    "$threads" colorize-batch/target/bench/official-instcolor /usr/bin/python3 \
    scripts/models/official/instcolor_reference.py
  exit 0
fi
if [[ "$variant" == chromagan ]]; then
  threads="${4:-2}"
  h5="colorize-batch/target/bench/official-chromagan.h5"
  run_java dev.colorize.bench.model.ChromaGanNetworkBenchmark "${2:-1}" "${3:-5}" "$threads" \
    "$h5" /usr/bin/python3 scripts/models/official/chromagan_reference.py
  java -Xmx2g -Dai.djl.offline=true -cp "$cp" dev.colorize.bench.model.OfficialNetworkBenchmark \
    memory "$h5"
  exit 0
fi
run_java dev.colorize.bench.model.OfficialNetworkBenchmark "$variant" "${2:-256}" "${3:-1,8}" \
  "${4:-5}" "$threads" "$file" /usr/bin/python3 scripts/models/official/deoldify_reference.py
stable="colorize-batch/target/bench/official-stable.pth"
[[ -f "$stable" ]] || java -cp "$cp" dev.colorize.cli.ColorizeCli official-weights --variant stable --out "$stable"
java -Xmx2g -Dai.djl.offline=true -cp "$cp" dev.colorize.bench.model.OfficialNetworkBenchmark memory "$stable"

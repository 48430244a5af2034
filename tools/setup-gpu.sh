#!/usr/bin/env bash
# Optional: ONNX Runtime's GPU execution providers (CUDA, TensorRT; about 230 MB) for the runtime.
# Takes libonnxruntime_providers_{shared,cuda,tensorrt}.so from the npm package
# com.github.asus4.onnxruntime.linux-x64-gpu (the same ONNX Runtime 1.29.0 as the shipped
# libonnxruntime.so) into build/onnxruntime-gpu/, without running any package script and without
# adding it to package.json. The next build copies them beside libonnxruntime.so in every output
# that uses the runtime, where ONNX Runtime looks for its providers. At run time they need CUDA 13
# (libcudart.so.13, libcublas.so.13) and cuDNN 9 on LD_LIBRARY_PATH (TensorRT also its libnvinfer).
set -euo pipefail
cd "$(dirname "$0")/.."

package=com.github.asus4.onnxruntime.linux-x64-gpu
# The GPU package is versioned with the C# API package: take the version package.json pins.
version=$(node -p "require('./package.json').dependencies['com.github.asus4.onnxruntime']")
destination=build/onnxruntime-gpu
libraries=(libonnxruntime_providers_shared.so libonnxruntime_providers_cuda.so libonnxruntime_providers_tensorrt.so)

installed=true
for library in "${libraries[@]}"; do [[ -f $destination/$library ]] || installed=false; done
if $installed && [[ $(cat "$destination/VERSION" 2>/dev/null) == "$package@$version" ]]; then
  echo "setup-gpu: $package@$version already in $destination"
  exit 0
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
echo "setup-gpu: fetching $package@$version (about 180 MB compressed)"
npm pack "$package@$version" --ignore-scripts --pack-destination "$scratch" --silent --no-audit --no-fund --loglevel=error > /dev/null
tar -xzf "$scratch"/*.tgz -C "$scratch" --no-same-owner -m "${libraries[@]/#/package/Plugins/Linux/x64/}"

mkdir -p "$destination"
for library in "${libraries[@]}"; do
  mv "$scratch/package/Plugins/Linux/x64/$library" "$destination/$library"
done
echo "$package@$version" > "$destination/VERSION"
echo "setup-gpu: providers in $destination; rebuild (make build) to copy them beside libonnxruntime.so."
echo "setup-gpu: at run time put CUDA 13 and cuDNN 9 on LD_LIBRARY_PATH and ask for RuntimeOptions { Provider = Cuda }."

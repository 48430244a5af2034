#!/usr/bin/env bash
# Measures shipped packages with tools/pipeline eval, with the counts their rows in the README state, and saves the
# results in docs/eval/ (committed) for tools/pipeline report:
#   tools/evaluate.sh vae-mlp          # one package
#   tools/evaluate.sh all              # every package in exported/, then the calibration rows
set -euo pipefail
cd "$(dirname "$0")/.."

options_of() {
  case $1 in
    ddpm|ddpm-conditional) echo "--count 1000" ;;                                  # DDIM-50: 1,000 samples keep it under half an hour
    latent-ddpm) echo "--count 2000" ;;
    fvsbn|nade|made|pixelcnn-conditional|pixelcnn-256) echo "--count 2000" ;;   # a pixel at a time
    vqvae|vqvae-conditional|realnvp|arvae-fashion) echo "--count 10000 --likelihood-images 10000" ;;
    arvae-digits) echo "--count 1000 --likelihood-images 1000" ;;                   # the digits' test split holds 1,000
    *) echo "--count 10000" ;;
  esac
}

evaluate() {
  # shellcheck disable=SC2046
  tools/pipeline eval --model "exported/$1" $(options_of "$1")
}

name=${1:?usage: tools/evaluate.sh <package>|all}
if [[ $name == all ]]; then
  for package in exported/*/; do evaluate "$(basename "$package")"; done
  tools/pipeline eval --calibration
else
  [[ -d exported/$name ]] || { echo "no package exported/$name" >&2; exit 2; }
  evaluate "$name"
fi

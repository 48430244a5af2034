#!/usr/bin/env bash
# Retrains one shipped package from scratch and exports it into exported/<name>:
#   tools/retrain.sh mlp-autoencoder
# The training options of each package are the ones listed here (and in the README).
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: tools/retrain.sh <package name> (see the README's table of shipped packages)}

case $name in
  mlp-autoencoder) train=(autoencoder --epochs 10) ;;
  *) echo "unknown package '$name': see the README's table of shipped packages" >&2; exit 2 ;;
esac

tools/pipeline train "${train[@]}" --out "checkpoints/$name.safetensors"
tools/pipeline export --checkpoint "checkpoints/$name.safetensors" --out "exported/$name"

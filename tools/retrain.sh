#!/usr/bin/env bash
# Retrains shipped packages from scratch and exports them into exported/<name>:
#   tools/retrain.sh mlp-autoencoder        # one package
#   tools/retrain.sh all                    # every package, in order
# The training options of each package are the ones listed here (and in the README). The VQ-VAE packages share one
# VQ-VAE (checkpoints/vqvae-autoencoder.safetensors), trained first when it is missing; `tools/retrain.sh vqvae-autoencoder`
# retrains it alone.
set -euo pipefail
cd "$(dirname "$0")/.."

options_of() {
  case $1 in
    mlp-autoencoder) echo "autoencoder --epochs 10" ;;
    linear-autoencoder) echo "linear-autoencoder --latent 8 --epochs 20 --lr 3e-3" ;;
    conv-autoencoder) echo "conv-autoencoder" ;;
    denoising-autoencoder) echo "denoising-autoencoder" ;;
    sparse-autoencoder) echo "sparse-autoencoder" ;;
    contractive-autoencoder) echo "contractive-autoencoder" ;;
    constrained-autoencoder) echo "constrained-autoencoder" ;;
    vae-mlp) echo "vae-mlp --latent 32 --epochs 30" ;;
    vae-conv) echo "vae-conv --latent 32 --epochs 10" ;;
    cvae) echo "cvae" ;;
    arvae-digits) echo "arvae --data digits --epochs 30" ;;
    arvae-fashion) echo "arvae --epochs 3" ;;
    fashion-classifier) echo "classifier --epochs 8" ;;
    ddpm) echo "ddpm --channels 16 --batch-size 64 --lr 5e-4 --epochs 6" ;;
    ddpm-conditional) echo "ddpm --conditional --channels 16 --batch-size 64 --lr 5e-4 --epochs 3" ;;
    latent-ddpm) echo "latent-ddpm --vae checkpoints/vae-conv.safetensors --max-steps 1500" ;;
    fvsbn) echo "fvsbn --epochs 10" ;;
    nade) echo "nade --epochs 4" ;;
    made) echo "made --epochs 20" ;;
    pixelcnn-conditional) echo "pixelcnn --conditional --epochs 3" ;;
    pixelcnn-256) echo "pixelcnn --categories 256 --epochs 1" ;;
    vqvae) echo "vqvae-prior --vqvae $VQVAE --epochs 10" ;;
    vqvae-conditional) echo "vqvae-prior --vqvae $VQVAE --conditional --epochs 10" ;;
    realnvp) echo "realnvp" ;;
    toy-flow-moons) echo "toy-flow --density two-moons" ;;
    toy-flow-gaussians) echo "toy-flow --density eight-gaussians" ;;
    toy-flow-checkerboard) echo "toy-flow --density checkerboard" ;;
    gan) echo "gan --epochs 10 --checkpoint-every 500" ;;
    gan-minimax) echo "gan --loss minimax --epochs 10 --checkpoint-every 500" ;;
    wgan-gp) echo "gan --loss wasserstein --epochs 20 --checkpoint-every 500" ;;
    gan-conditional) echo "gan --conditional --epochs 10 --checkpoint-every 500" ;;
    gan-acgan) echo "gan --conditional --conditioning auxiliary-classifier --epochs 10 --checkpoint-every 500" ;;
    aae) echo "aae --epochs 5 --checkpoint-every 500" ;;
    aae-mixture) echo "aae --prior gaussian-mixture --epochs 10 --checkpoint-every 500" ;;
    *) return 1 ;;
  esac
}

PACKAGES=(mlp-autoencoder linear-autoencoder conv-autoencoder denoising-autoencoder sparse-autoencoder contractive-autoencoder
          constrained-autoencoder vae-mlp vae-conv cvae arvae-digits arvae-fashion fashion-classifier ddpm ddpm-conditional latent-ddpm
          fvsbn nade made pixelcnn-conditional pixelcnn-256 vqvae vqvae-conditional realnvp toy-flow-moons toy-flow-gaussians
          toy-flow-checkerboard gan gan-minimax wgan-gp gan-conditional gan-acgan aae aae-mixture)

VQVAE=checkpoints/vqvae-autoencoder.safetensors
train_vqvae() { tools/pipeline train vqvae --ema --restart-dead --epochs 10 --overwrite --out "$VQVAE"; }

retrain() {
  local name=$1 options
  if [[ $name == vqvae-autoencoder ]]; then train_vqvae; return; fi
  if [[ $name == vqvae* && ! -f $VQVAE ]]; then train_vqvae; fi
  options=$(options_of "$name") || { echo "unknown package '$name': one of ${PACKAGES[*]}" >&2; exit 2; }
  # shellcheck disable=SC2086
  tools/pipeline train $options --overwrite --out "checkpoints/$name.safetensors"
  tools/pipeline export --checkpoint "checkpoints/$name.safetensors" --out "exported/$name"
}

name=${1:?usage: tools/retrain.sh <package>|all}
if [[ $name == all ]]; then
  for package in "${PACKAGES[@]}"; do retrain "$package"; done
else
  retrain "$name"
fi

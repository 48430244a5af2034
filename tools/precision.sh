#!/usr/bin/env bash
# What fp16 and int8 exports cost and save for a shipped package, beside its float32 package (the README's precision table):
#   tools/precision.sh ddpm              # exported/ddpm → out/precision/ddpm-fp16 and -int8, then eval and bench of all three
#   tools/precision.sh ddpm --no-bench   # conversion and quality only
# eval results go to out/precision/eval/ (not docs/eval: these packages are not shipped).
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: tools/precision.sh <package> [--no-bench]}
[[ -d exported/$name ]] || { echo "no package exported/$name" >&2; exit 2; }
out=out/precision
count=2000
[[ $name == ddpm* ]] && count=1000     # DDIM-50, as tools/evaluate.sh measures the shipped ddpm

for precision in fp16 int8; do
  tools/pipeline export --package "exported/$name" --precision "$precision" --out "$out/$name-$precision"
done
for package in "exported/$name" "$out/$name-fp16" "$out/$name-int8"; do
  tools/pipeline eval --model "$package" --count "$count" --results "$out/eval"
done
if [[ ${2:-} != --no-bench && $name != fashion-classifier ]]; then
  tools/pipeline bench precision --model "exported/$name" --model "$out/$name-fp16" --model "$out/$name-int8"
fi

#!/usr/bin/env bash
# Makes TorchSharp's native library load on a system whose libstdc++ predates GCC 13 (Debian 12): see README.md here.
#   make-compat.sh <libLibTorchSharp.so of the NuGet package> <output folder>
# On a system whose libstdc++ has GLIBCXX_3.4.32 it removes the output folder and changes nothing: the package is
# used as it is. Otherwise it writes a patched copy of the library (never the NuGet cache's file) and the one-function
# library it needs into the output folder, atomically, and only when the package's library changed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source=$1
output=$2
version=GLIBCXX_3.4.32

[[ -f $source ]] || { echo "make-compat: $source does not exist: restore the solution first (dotnet restore)" >&2; exit 1; }
libstdcxx=$(/sbin/ldconfig -p | awk '/libstdc\+\+\.so\.6 .*x86-64/ { print $NF; exit }')
if [[ -n $libstdcxx ]] && grep -q "$version" "$libstdcxx"; then
  rm -rf "$output"
  exit 0
fi

# Projects build in parallel: one of them patches, the others wait for it and find the copy up to date.
mkdir -p "$(dirname "$output")"
exec 9> "$output.lock"
flock 9
stamp="$(sha256sum "$source" | cut -d' ' -f1)  $(basename "$source")"
if [[ -f $output/SOURCE && $(cat "$output/SOURCE") == "$stamp" ]]; then exit 0; fi

for tool in gcc patchelf python3; do
  command -v $tool > /dev/null || { echo "make-compat: $tool is missing: run make setup (it installs gcc and patchelf)" >&2; exit 1; }
done
scratch="$output.tmp.$$"
rm -rf "$scratch"
mkdir -p "$scratch"
trap 'rm -rf "$scratch"' EXIT
gcc -shared -fPIC -O2 -o "$scratch/libpipeline_glibcxx_compat.so" "$here/ios_base_library_init.c"
cp "$source" "$scratch/libLibTorchSharp.so"
chmod u+w "$scratch/libLibTorchSharp.so"
python3 "$here/weaken_version.py" "$scratch/libLibTorchSharp.so" "$version"
patchelf --add-needed libpipeline_glibcxx_compat.so "$scratch/libLibTorchSharp.so"
# The copy finds the compat library beside itself, wherever the build puts the two.
patchelf --add-rpath '$ORIGIN' "$scratch/libLibTorchSharp.so"
echo "$stamp" > "$scratch/SOURCE"
echo "make-compat: patched copy of $(basename "$source") for ${libstdcxx:-a libstdc++} without $version in $output"
rm -rf "$output"
mv "$scratch" "$output"
trap - EXIT

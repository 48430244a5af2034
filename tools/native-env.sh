# Sourced by tools/pipeline and tools/run-tests.sh: process settings that must exist before the .NET process starts.
#
# glibc.malloc.hugetlb=1: glibc (2.35+) asks for transparent huge pages (madvise) on the memory it maps for large
# blocks. libtorch allocates every large tensor with malloc, which maps fresh memory for it and unmaps it when freed,
# so each training step pays one page fault per 4 KiB of activations; on this project's VMs a fault costs several µs.
# Measured here (tools/pipeline bench train --rounds 3 --no-reference, the same minutes): the DDPM U-Net step went from
# 1.25 to 2.92 steps/s, and an out-of-place sigmoid of 39 M floats from 411 to 57 ms. Systems whose glibc does not
# know the tunable, or whose transparent huge pages are "never", ignore it.
case ":${GLIBC_TUNABLES:-}:" in
  *:glibc.malloc.hugetlb=*) ;;
  *) export GLIBC_TUNABLES="${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.hugetlb=1" ;;
esac

# DOTNET_GCName=libclrgc.so: .NET's segments garbage collector, shipped beside the default (regions) one in every .NET
# runtime since 7. Training keeps its loops in no-GC regions (CollectionPause, the workaround of TorchSharp 0.107's
# Scalar bug), entered again every few hundred steps, and under the regions collector the process's resident memory
# then grows without bound: the CVAE soak case (tools/pipeline soak --family conditional_vae) grew +130.5% over 10⁴
# steps with it, and fell 30.2% with the segments collector, same run otherwise. Used when the runtime has it and no
# collector was chosen.
if [[ -z ${DOTNET_GCName:-} ]] && command -v dotnet >/dev/null; then
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  if compgen -G "$dotnet_root/shared/Microsoft.NETCore.App/*/libclrgc.so" >/dev/null; then export DOTNET_GCName=libclrgc.so; fi
fi

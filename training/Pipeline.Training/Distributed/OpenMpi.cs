using System.Runtime.InteropServices;

namespace Pipeline.Distributed;

/// <summary>
/// The few MPI functions data-parallel training needs, bound directly to Open MPI's libmpi (Debian's openmpi-bin and
/// libopenmpi-dev, Open MPI 4.1). Open MPI's predefined handles (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM) are the addresses of
/// exported objects, so they are read from the library's exports; MPI_IN_PLACE is the address 1. MPICH and its
/// derivatives use integer handles instead and are not bound here.
/// </summary>
internal static unsafe class OpenMpi
{
    /// <summary>The soname of Open MPI 4's C library.</summary>
    public const string Library = "libmpi.so.40";

    public static readonly void* InPlace = (void*)1;

    private static readonly Lazy<Functions> Loaded = new(Load);

    public static Functions Api => Loaded.Value;

    /// <summary>Whether libmpi can be loaded on this machine (without initializing MPI).</summary>
    public static bool IsAvailable()
    {
        if (!NativeLibrary.TryLoad(Library, out var handle)) return false;
        NativeLibrary.Free(handle);
        return true;
    }

    private static Functions Load()
    {
        if (!NativeLibrary.TryLoad(Library, out var library))
            throw new DllNotFoundException($"Open MPI's {Library} is not installed: run `make setup` (it installs Debian's openmpi-bin and libopenmpi-dev), or install Open MPI 4");
        return new Functions(name => NativeLibrary.GetExport(library, name));
    }

    /// <summary>Entry points (C calling convention) and predefined handles of the loaded library.</summary>
    public sealed class Functions(Func<string, nint> export)
    {
        public readonly delegate* unmanaged<int*, byte***, int> Init = (delegate* unmanaged<int*, byte***, int>)export("MPI_Init");
        public readonly delegate* unmanaged<int*, int> Initialized = (delegate* unmanaged<int*, int>)export("MPI_Initialized");
        public readonly delegate* unmanaged<int> Finalize = (delegate* unmanaged<int>)export("MPI_Finalize");
        public readonly delegate* unmanaged<nint, int*, int> CommRank = (delegate* unmanaged<nint, int*, int>)export("MPI_Comm_rank");
        public readonly delegate* unmanaged<nint, int*, int> CommSize = (delegate* unmanaged<nint, int*, int>)export("MPI_Comm_size");
        /// <summary>MPI_Allreduce(send, receive, count, type, op, comm).</summary>
        public readonly delegate* unmanaged<void*, void*, int, nint, nint, nint, int> Allreduce = (delegate* unmanaged<void*, void*, int, nint, nint, nint, int>)export("MPI_Allreduce");
        /// <summary>MPI_Bcast(buffer, count, type, root, comm).</summary>
        public readonly delegate* unmanaged<void*, int, nint, int, nint, int> Bcast = (delegate* unmanaged<void*, int, nint, int, nint, int>)export("MPI_Bcast");
        public readonly delegate* unmanaged<nint, int> Barrier = (delegate* unmanaged<nint, int>)export("MPI_Barrier");
        public readonly delegate* unmanaged<nint, int, int> Abort = (delegate* unmanaged<nint, int, int>)export("MPI_Abort");
        public readonly nint World = export("ompi_mpi_comm_world");
        public readonly nint Float = export("ompi_mpi_float");
        public readonly nint Double = export("ompi_mpi_double");
        public readonly nint Byte = export("ompi_mpi_byte");
        public readonly nint Sum = export("ompi_mpi_op_sum");
    }
}

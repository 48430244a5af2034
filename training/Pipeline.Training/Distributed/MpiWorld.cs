using System.Globalization;

namespace Pipeline.Distributed;

/// <summary>
/// MPI_COMM_WORLD of a process started by Open MPI's <c>mpirun</c>: <see cref="Join"/> initializes MPI once per process,
/// <see cref="Dispose"/> finalizes it after a clean run, and <see cref="Abort"/> ends every rank of the job at once
/// (a rank that failed must not finalize: the others would wait for it in their next collective call).
/// </summary>
public sealed unsafe class MpiWorld : IProcessGroup, IDisposable
{
    /// <summary>Set by mpirun in every process it starts.</summary>
    public const string SizeVariable = "OMPI_COMM_WORLD_SIZE";

    /// <summary>Processes of the job on this host, set by mpirun.</summary>
    public const string LocalSizeVariable = "OMPI_COMM_WORLD_LOCAL_SIZE";

    // MPI counts are C ints: longer buffers go in pieces of at most this many elements.
    private const int MaxCount = 1 << 30;

    private readonly OpenMpi.Functions mpi;
    private bool finalized;

    private MpiWorld(OpenMpi.Functions mpi, int rank, int size)
    {
        this.mpi = mpi;
        Rank = rank;
        Size = size;
        LocalSize = int.TryParse(Environment.GetEnvironmentVariable(LocalSizeVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var local) && local > 0 ? local : 1;
    }

    /// <summary>Whether this process was started by mpirun (which sets <see cref="SizeVariable"/>).</summary>
    public static bool Launched => Environment.GetEnvironmentVariable(SizeVariable) is not null;

    /// <summary>The world this process joined, or null when it runs alone.</summary>
    public static MpiWorld? Current { get; private set; }

    public int Rank { get; }

    public int Size { get; }

    /// <summary>Ranks on this host (for dividing its cores between them).</summary>
    public int LocalSize { get; }

    /// <summary>Initializes MPI (MPI_Init) and reads this process's rank; once per process.</summary>
    public static MpiWorld Join()
    {
        if (Current is not null) throw new InvalidOperationException("this process has already joined MPI_COMM_WORLD: use MpiWorld.Current");
        var mpi = OpenMpi.Api;
        int initialized;
        Check(mpi.Initialized(&initialized), "MPI_Initialized");
        if (initialized != 0) throw new MpiException("MPI was initialized by someone else in this process: join it once, through MpiWorld.Join");
        Check(mpi.Init(null, null), "MPI_Init");
        int rank, size;
        Check(mpi.CommRank(mpi.World, &rank), "MPI_Comm_rank");
        Check(mpi.CommSize(mpi.World, &size), "MPI_Comm_size");
        return Current = new MpiWorld(mpi, rank, size);
    }

    public void AllReduceSum(Span<float> buffer) => AllReduceSum(buffer, mpi.Float);

    public void AllReduceSum(Span<double> buffer) => AllReduceSum(buffer, mpi.Double);

    public void Broadcast(Span<byte> buffer, int root = 0)
    {
        for (var start = 0; start < buffer.Length; start += MaxCount)
        {
            var piece = buffer[start..Math.Min(buffer.Length, start + MaxCount)];
            fixed (byte* data = piece) Check(mpi.Bcast(data, piece.Length, mpi.Byte, root, mpi.World), "MPI_Bcast");
        }
    }

    /// <summary>libtorch threads for each rank: this host's cores shared by its ranks.</summary>
    public int ThreadsPerRank => Math.Max(1, Environment.ProcessorCount / LocalSize);

    /// <summary>Waits until every rank has called it.</summary>
    public void Barrier() => Check(mpi.Barrier(mpi.World), "MPI_Barrier");

    /// <summary>Ends every process of the job (MPI_Abort) with <paramref name="exitCode"/>; mpirun reports which rank called it.</summary>
    public void Abort(int exitCode)
    {
        finalized = true;
        mpi.Abort(mpi.World, exitCode);
        Environment.Exit(exitCode);   // MPI_Abort does not return; should it, leave anyway
    }

    /// <summary>Finalizes MPI (MPI_Finalize) after a run that every rank finished.</summary>
    public void Dispose()
    {
        if (finalized) return;
        finalized = true;
        Current = null;
        Check(mpi.Finalize(), "MPI_Finalize");
    }

    /// <summary>MPI_Allreduce(MPI_IN_PLACE, …, MPI_SUM) of <paramref name="buffer"/>, whose elements are MPI's <paramref name="type"/>.</summary>
    private void AllReduceSum<T>(Span<T> buffer, nint type) where T : unmanaged
    {
        for (var start = 0; start < buffer.Length; start += MaxCount)
        {
            var piece = buffer[start..Math.Min(buffer.Length, start + MaxCount)];
            fixed (T* data = piece) Check(mpi.Allreduce(OpenMpi.InPlace, data, piece.Length, type, mpi.Sum, mpi.World), "MPI_Allreduce");
        }
    }

    private static void Check(int code, string call)
    {
        if (code != 0) throw new MpiException($"{call} failed with MPI error {code}: see mpirun's output for the rank and host that failed");
    }
}

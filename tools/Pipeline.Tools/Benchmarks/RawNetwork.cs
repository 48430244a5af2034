using System.Diagnostics;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Sessions;

namespace Pipeline.Tools.Benchmarks;

/// <summary>
/// One network of a package alone, bound at a batch size the way the runtime's loops bind it (pre-bound OrtValues, one
/// <see cref="BoundNetwork"/>): the raw forward pass a sampling loop is compared with. Inputs hold seeded uniform values.
/// </summary>
internal sealed class RawNetwork : IDisposable
{
    private readonly OnnxSession session;
    private readonly BoundNetwork bound;

    public RawNetwork(string directory, NetworkManifest network, int batch, RuntimeOptions options)
    {
        session = OnnxSession.Open(Path.Combine(directory, network.File), options);
        long[] Shape(TensorSpec spec) => spec.Shape.Select((d, k) => k == 0 ? batch : d).ToArray();
        var random = new Random(1);
        bound = new BoundNetwork(session,
            network.Inputs.Select(i => (i.Name, Shape(i), (float[]?)Enumerable.Range(0, batch * (int)i.ItemSize).Select(_ => random.NextSingle()).ToArray())),
            network.Outputs.Select(o => (o.Name, Shape(o))));
        for (var i = 0; i < 5; i++) bound.Run();     // the first runs plan memory and warm the caches
    }

    /// <summary>Seconds per forward pass over <paramref name="runs"/> passes.</summary>
    public double Time(int runs)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < runs; i++) bound.Run();
        return Stopwatch.GetElapsedTime(start).TotalSeconds / runs;
    }

    /// <summary>
    /// Seconds per pass of <paramref name="networks"/> run in turn, one forward each, over <paramref name="runs"/> passes: the
    /// raw work of a loop that runs several networks one after another (a flow's couplings), each meeting the processor's
    /// caches as the one before left them, as in the loop.
    /// </summary>
    public static double TimeInTurn(IReadOnlyList<RawNetwork> networks, int runs)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < runs; i++)
            foreach (var network in networks) network.bound.Run();
        return Stopwatch.GetElapsedTime(start).TotalSeconds / runs;
    }

    public void Dispose()
    {
        bound.Dispose();
        session.Dispose();
    }
}

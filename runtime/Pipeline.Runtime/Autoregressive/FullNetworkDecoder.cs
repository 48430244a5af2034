using System.Runtime.CompilerServices;
using Microsoft.ML.OnnxRuntime;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Sessions;
using Rules = Pipeline.Runtime.Packages.AutoregressiveManifestRules;

namespace Pipeline.Runtime.Autoregressive;

/// <summary>
/// The naive loop: the whole "logits" network on the values drawn so far (bound in place: the network reads the sampler's
/// array), once per position, keeping the logits of that position. D forward passes per image.
/// </summary>
internal sealed class FullNetworkDecoder : PositionDecoder
{
    private readonly BoundNetwork network;
    private readonly float[] logits;     // [N, K]

    public FullNetworkDecoder(OnnxSession session, AutoregressiveSpec spec, int classes, int batchSize, int[] order, float[] values)
        : base(batchSize, spec.Positions, spec.Categories, order, values)
    {
        var inputs = new List<(string, long[], float[]?)> { (Rules.Image, spec.GridShape.Prepend(batchSize).ToArray(), values) };
        if (classes > 0) inputs.Add((Rules.Label, [batchSize, classes], null));
        network = new BoundNetwork(session, inputs, [(Rules.Logits, [batchSize, spec.Positions, spec.Categories])]);
        logits = new float[batchSize * spec.Categories];
    }

    public override void Reset(ReadOnlySpan<int> labels) => WriteOneHot(network.Find(Rules.Label), labels);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override ReadOnlySpan<float> Logits(int step)
    {
        network.Run();
        var all = network[Rules.Logits];                                     // [N, D, K]
        var position = Order[step];
        for (var n = 0; n < BatchSize; n++)
            Array.Copy(all, ((long)n * Positions + position) * Categories, logits, n * Categories, Categories);
        return logits;
    }

    public override void Dispose() => network.Dispose();
}

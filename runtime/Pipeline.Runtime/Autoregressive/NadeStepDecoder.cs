using Microsoft.ML.OnnxRuntime;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Sessions;
using Rules = Pipeline.Runtime.Packages.AutoregressiveManifestRules;

namespace Pipeline.Runtime.Autoregressive;

/// <summary>
/// NADE's fast loop: the exported recursion, O(H) per position. Each step passes the state s (Σ of W_{:,j} x_j over the
/// positions before the previous one) and (previous position, its value, position); the network returns the logits and
/// s + W_{:,prev} x_prev, which becomes the next step's state.
/// </summary>
internal sealed class NadeStepDecoder : PositionDecoder
{
    private readonly BoundNetwork network;
    private readonly int stateSize;

    public NadeStepDecoder(OnnxSession session, AutoregressiveSpec spec, int classes, int batchSize, int[] order, float[] values)
        : base(batchSize, spec.Positions, spec.Categories, order, values)
    {
        stateSize = spec.StateSize;
        var inputs = new List<(string, long[], float[]?)> { (Rules.State, [batchSize, stateSize], null), (Rules.Step, [batchSize, 3], null) };
        if (classes > 0) inputs.Add((Rules.Label, [batchSize, classes], null));
        network = new BoundNetwork(session, inputs, [(Rules.Logits, [batchSize, spec.Categories]), (Rules.NextState, [batchSize, stateSize])]);
    }

    public override void Reset(ReadOnlySpan<int> labels)
    {
        Array.Clear(network[Rules.State]);
        WriteOneHot(network.Find(Rules.Label), labels);
    }

    public override ReadOnlySpan<float> Logits(int step)
    {
        var rows = network[Rules.Step];                                        // [N, 3]
        var previous = step > 0 ? Order[step - 1] : 0;
        for (var n = 0; n < BatchSize; n++)
        {
            rows[3 * n] = previous;
            rows[3 * n + 1] = step > 0 ? Values[n * Positions + previous] : 0;
            rows[3 * n + 2] = Order[step];
        }
        network.Run();
        network[Rules.NextState].CopyTo(network[Rules.State], 0);
        return network[Rules.Logits];
    }

    public override void Dispose() => network.Dispose();
}

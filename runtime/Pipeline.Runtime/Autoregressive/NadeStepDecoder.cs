using System.Runtime.CompilerServices;
using Microsoft.ML.OnnxRuntime;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Sessions;
using Rules = Pipeline.Runtime.Packages.AutoregressiveManifestRules;

namespace Pipeline.Runtime.Autoregressive;

/// <summary>
/// NADE's fast loop: the exported recursion, O(H) per position. Each step passes the state s (Σ of W_{:,j} x_j over the
/// positions before the previous one) and (previous position, its value, position); the network returns the logits and
/// s + W_{:,prev} x_prev, which becomes the next step's state. Two bindings share every buffer but swap the two state
/// arrays (step t reads state[t mod 2] and writes state[(t + 1) mod 2]), so the state is never copied.
/// </summary>
internal sealed class NadeStepDecoder : PositionDecoder
{
    private readonly BoundNetwork[] networks;     // [2]: the bindings of even and odd steps
    private readonly float[] firstState;          // [N, H] read by step 0
    private readonly float[] rows;                // [N, 3] (previous position, its value, position); Commit writes the value
    private readonly float[]? labels;             // [N, classes] one-hot, or none
    private readonly float[] logits;              // [N, K]

    public NadeStepDecoder(OnnxSession session, AutoregressiveSpec spec, int classes, int batchSize, int[] order, float[] values)
        : base(batchSize, spec.Positions, spec.Categories, order, values)
    {
        long[] stateShape = [batchSize, spec.StateSize];
        float[][] states = [new float[batchSize * spec.StateSize], new float[batchSize * spec.StateSize]];
        firstState = states[0];
        rows = new float[batchSize * 3];
        labels = classes > 0 ? new float[batchSize * classes] : null;
        logits = new float[batchSize * spec.Categories];
        networks = new BoundNetwork[2];
        try
        {
            for (var parity = 0; parity < 2; parity++)
            {
                var inputs = new List<(string, long[], float[]?)> { (Rules.State, stateShape, states[parity]), (Rules.Step, [batchSize, 3], rows) };
                if (labels is not null) inputs.Add((Rules.Label, [batchSize, classes], labels));
                networks[parity] = new BoundNetwork(session, inputs,
                    [(Rules.Logits, [batchSize, spec.Categories], logits), (Rules.NextState, stateShape, states[1 - parity])]);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public override void Reset(ReadOnlySpan<int> labels)
    {
        Array.Clear(firstState);
        WriteOneHot(this.labels, labels);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override ReadOnlySpan<float> Logits(int step)
    {
        var previous = step > 0 ? Order[step - 1] : 0;
        for (var n = 0; n < BatchSize; n++)
        {
            rows[3 * n] = previous;
            if (step == 0) rows[3 * n + 1] = 0;
            rows[3 * n + 2] = Order[step];
        }
        networks[step % 2].Run();
        return logits;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Commit(int step, ReadOnlySpan<int> drawn)
    {
        for (var n = 0; n < BatchSize; n++) rows[3 * n + 1] = drawn[n];
    }

    public override void Dispose()
    {
        foreach (var network in networks) network?.Dispose();
    }
}

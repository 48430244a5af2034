using System.Runtime.CompilerServices;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Randomness;
using Pipeline.Runtime.Sessions;
using Rules = Pipeline.Runtime.Packages.FlowManifestRules;

namespace Pipeline.Runtime.Flows;

/// <summary>
/// A flow's path x → z run both ways on a batch of fixed size: <see cref="Normalize"/> (the exact log p(x)) and
/// <see cref="Generate"/> (flow inversion, for sampling), step by step in C#, calling each coupling's conditioner network.
/// Every buffer, OrtValue and binding is made once here, so the passes allocate nothing. Not thread-safe.
/// </summary>
internal sealed class FlowPass : IDisposable
{
    private readonly FlowSpec spec;
    private readonly int batch;
    private readonly BoundNetwork?[] networks;     // per step: a coupling's conditioner, bound to [batch, C, H, W]
    private readonly float[]?[] masks;             // per step: a coupling's mask b [C·H·W]
    private readonly double[] logDets;             // per step: an act-norm's log|det| per item, −H·W·Σ log s
    private readonly float[]?[] actNormScales;     // per step: an act-norm's inverse scales e^{log s} per channel
    private readonly int finalSize;                // values per item that leave the last step
    private float[] current;                       // [batch, size of the current shape], item after item
    private float[] scratch;
    private readonly float[] noise;                // [batch, D] z of a Sample's chunk

    public FlowPass(FlowSpec spec, IReadOnlyDictionary<string, NetworkRunner> runners, int batch)
    {
        this.spec = spec;
        this.batch = batch;
        current = new float[batch * spec.Dimensions];
        scratch = new float[batch * spec.Dimensions];
        noise = new float[batch * spec.Dimensions];
        networks = new BoundNetwork?[spec.Steps.Count];
        masks = new float[]?[spec.Steps.Count];
        logDets = spec.Steps.Select(s => s.Kind == FlowStepKind.ActNorm ? -s.Size / s.Shape[0] * s.LogScale!.Sum(v => (double)v) : 0).ToArray();
        actNormScales = spec.Steps.Select(s => s.Kind == FlowStepKind.ActNorm ? s.LogScale!.Select(SingleExp.Exp).ToArray() : null).ToArray();
        finalSize = (int)spec.Steps[^1].OutputShape.Aggregate(1L, (a, n) => a * n);
        try
        {
            for (var k = 0; k < spec.Steps.Count; k++)
            {
                var step = spec.Steps[k];
                if (step.Kind != FlowStepKind.Coupling) continue;
                long[] shape = [batch, .. step.Shape];
                masks[k] = step.MaskValues();
                networks[k] = new BoundNetwork(runners[step.Network!].Session, [(Rules.Input, shape, null)],
                                               [(Rules.LogScale, shape), (Rules.Shift, shape)]);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Items per pass.</summary>
    public int Batch => batch;

    /// <summary>
    /// h: the flow's inputs y [batch, D] (after the logit transform, for images) → z [batch, D]; adds log|det J_h(y)| of each item
    /// to <paramref name="logDet"/>.
    /// </summary>
    public void Normalize(ReadOnlySpan<float> y, Span<float> z, Span<double> logDet)
    {
        var d = spec.Dimensions;
        y.CopyTo(current);
        var factored = 0;                                          // values of z per item filled so far
        for (var k = 0; k < spec.Steps.Count; k++)
        {
            var step = spec.Steps[k];
            var size = step.Size;
            switch (step.Kind)
            {
                case FlowStepKind.ActNorm:
                    ActNorm(k, size, inverse: false);
                    for (var i = 0; i < batch; i++) logDet[i] += logDets[k];
                    break;
                case FlowStepKind.Coupling:
                    Couple(k, size, logDet);
                    break;
                case FlowStepKind.Squeeze:
                    SqueezeOrUnsqueeze(step, size, inverse: false);
                    break;
                case FlowStepKind.Split:
                    var half = size / 2;
                    for (var i = 0; i < batch; i++)
                    {
                        current.AsSpan(i * size + half, half).CopyTo(z.Slice(i * d + factored, half));
                        current.AsSpan(i * size, half).CopyTo(current.AsSpan(i * half, half));   // compacts forwards: the target lies below the source
                    }
                    factored += half;
                    break;
            }
        }
        var rest = d - factored;
        for (var i = 0; i < batch; i++) current.AsSpan(i * rest, rest).CopyTo(z.Slice(i * d + factored, rest));
    }

    /// <summary>A buffer for the z [batch, D] that <see cref="Generate"/> inverts, so a Sample allocates none.</summary>
    public Span<float> Noise => noise;

    /// <summary>
    /// g = h⁻¹: z [batch, D] → the flow's inputs y [batch, D] (before the inverse logit transform, for images), in the
    /// pass's own buffer until it runs again: the caller's next pass over y writes the result where it belongs.
    /// </summary>
    public ReadOnlySpan<float> Generate(ReadOnlySpan<float> z)
    {
        var d = spec.Dimensions;
        var factored = d - finalSize;
        var rest = finalSize;
        for (var i = 0; i < batch; i++) z.Slice(i * d + factored, rest).CopyTo(current.AsSpan(i * rest, rest));
        var written = -1;                                          // the coupling whose network input is written already
        for (var k = spec.Steps.Count - 1; k >= 0; k--)
        {
            var step = spec.Steps[k];
            var size = step.Size;
            switch (step.Kind)
            {
                case FlowStepKind.ActNorm:
                    ActNorm(k, size, inverse: true);
                    break;
                case FlowStepKind.Coupling:
                    // The act-norm just before it in the flow, which runs next, and the next coupling's network input go
                    // into the same pass over x.
                    var actNorm = k > 0 && spec.Steps[k - 1].Kind == FlowStepKind.ActNorm ? k - 1 : -1;
                    var next = actNorm > 0 && spec.Steps[actNorm - 1].Kind == FlowStepKind.Coupling ? actNorm - 1 : -1;
                    Uncouple(k, size, written == k, actNorm, next);
                    written = next;
                    if (actNorm >= 0) k--;
                    break;
                case FlowStepKind.Squeeze:
                    SqueezeOrUnsqueeze(step, size, inverse: true);
                    break;
                case FlowStepKind.Split:
                    var half = size / 2;
                    factored -= half;
                    for (var i = batch - 1; i >= 0; i--)
                    {
                        current.AsSpan(i * half, half).CopyTo(current.AsSpan(i * size, half));   // spreads backwards: the target lies above the source
                        z.Slice(i * d + factored, half).CopyTo(current.AsSpan(i * size + half, half));
                    }
                    break;
            }
        }
        return current.AsSpan(0, batch * d);
    }

    /// <summary>z = (x − b) ⊙ exp(−log s) per channel (log|det| = −H·W·Σ log s), or its inverse x = z ⊙ exp(log s) + b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ActNorm(int k, int size, bool inverse)
    {
        var step = spec.Steps[k];
        var channels = (int)step.Shape[0];
        var plane = size / channels;
        var (bias, logScale) = (step.Bias!, step.LogScale!);
        for (var c = 0; c < channels; c++)
        {
            // Both directions as one multiply-add: x·e^{log s} + b, or z = x·e^{−log s} − b·e^{−log s}.
            var scale = inverse ? actNormScales[k]![c] : SingleExp.Exp(-logScale[c]);
            var shift = inverse ? bias[c] : -bias[c] * scale;
            for (var i = 0; i < batch; i++) VectorMath.MultiplyAdd(current.AsSpan(i * size + c * plane, plane), scale, shift);
        }
    }

    /// <summary>
    /// The affine coupling of seed 003 §III with (s, m) = network(b ⊙ x): z = b ⊙ x + (1 − b) ⊙ (x − m) ⊙ exp(−s),
    /// log|det| = −Σ (1 − b) ⊙ s, its per-entry sum in double (<see cref="Uncouple"/> is its inverse).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Couple(int k, int size, Span<double> logDet)
    {
        var network = networks[k]!;
        var mask = masks[k]!;
        var input = network[Rules.Input];
        for (var i = 0; i < batch; i++) VectorMath.Multiply(current.AsSpan(i * size, size), mask, input.AsSpan(i * size, size));
        network.Run();
        var (s, m) = (network[Rules.LogScale], network[Rules.Shift]);
        for (var i = 0; i < batch; i++)
        {
            var x = current.AsSpan(i * size, size);
            var si = s.AsSpan(i * size, size);
            var mi = m.AsSpan(i * size, size);
            double sum = 0;
            for (var p = 0; p < size; p++)
            {
                if (mask[p] != 0) continue;
                x[p] = (x[p] - mi[p]) * SingleExp.Exp(-si[p]);
                sum += si[p];
            }
            logDet[i] -= sum;
        }
    }

    /// <summary>
    /// The inverse coupling, x = b ⊙ z + (1 − b) ⊙ (exp(s) ⊙ z + m) with (s, m) = network(b ⊙ z) (the kept entries are the
    /// same on both sides, so is the network's input), on whole vectors. With <paramref name="actNorm"/> ≥ 0, the inverse
    /// act-norm of that step and, with <paramref name="next"/> ≥ 0, that coupling's network input b′ ⊙ x are made in the
    /// same pass (<see cref="VectorMath.AffineThenMultiplyAdd"/>): the same bits as one step after the other, with x
    /// read once where it was read three times (at batch 64 these passes go to memory, the networks' activations having
    /// evicted x from the caches).
    /// </summary>
    /// <param name="k">The coupling's step.</param>
    /// <param name="size">Values per item.</param>
    /// <param name="inputWritten">Whether the previous pass wrote this coupling's network input already.</param>
    /// <param name="actNorm">The act-norm step to do in the same pass, or −1.</param>
    /// <param name="next">The coupling whose network input to write in the same pass, or −1.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Uncouple(int k, int size, bool inputWritten, int actNorm, int next)
    {
        var network = networks[k]!;
        var mask = masks[k]!;
        var input = network[Rules.Input];
        if (!inputWritten)
            for (var i = 0; i < batch; i++) VectorMath.Multiply(current.AsSpan(i * size, size), mask, input.AsSpan(i * size, size));
        network.Run();
        var (s, m) = (network[Rules.LogScale], network[Rules.Shift]);
        if (actNorm < 0)
        {
            for (var i = 0; i < batch; i++)
                VectorMath.AffineWhereZero(current.AsSpan(i * size, size), mask, s.AsSpan(i * size, size), m.AsSpan(i * size, size));
            return;
        }
        // The act-norm's inverse per channel, x·e^{log s} + b, as ActNorm does it.
        var (scales, shifts) = (actNormScales[actNorm]!, spec.Steps[actNorm].Bias!);
        var plane = size / scales.Length;
        var (nextMask, nextInput) = next < 0 ? (null, null) : (masks[next], networks[next]![Rules.Input]);
        for (var i = 0; i < batch; i++)
            for (var c = 0; c < scales.Length; c++)
            {
                var (at, offset) = (i * size + c * plane, c * plane);
                VectorMath.AffineThenMultiplyAdd(current.AsSpan(at, plane), mask.AsSpan(offset, plane), s.AsSpan(at, plane), m.AsSpan(at, plane),
                                                 scales[c], shifts[c], nextMask is null ? default : nextMask.AsSpan(offset, plane),
                                                 nextInput is null ? default : nextInput.AsSpan(at, plane));
            }
    }

    /// <summary>out[4c + 2i + j, h, w] = in[c, 2h + i, 2w + j] ([C, H, W] → [4C, H/2, W/2]), or back.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SqueezeOrUnsqueeze(FlowStepSpec step, int size, bool inverse)
    {
        var (channels, height, width) = ((int)step.Shape[0], (int)step.Shape[1], (int)step.Shape[2]);
        var (halfHeight, halfWidth) = (height / 2, width / 2);
        for (var n = 0; n < batch; n++)
        {
            var wide = (inverse ? scratch : current).AsSpan(n * size, size);
            var squeezed = (inverse ? current : scratch).AsSpan(n * size, size);
            for (var c = 0; c < channels; c++)
            for (var i = 0; i < 2; i++)
            for (var j = 0; j < 2; j++)
            for (var h = 0; h < halfHeight; h++)
            for (var w = 0; w < halfWidth; w++)
            {
                var folded = ((c * 4 + 2 * i + j) * halfHeight + h) * halfWidth + w;
                var spatial = (c * height + 2 * h + i) * width + 2 * w + j;
                if (inverse) wide[spatial] = squeezed[folded];
                else squeezed[folded] = wide[spatial];
            }
        }
        (current, scratch) = (scratch, current);
    }

    public void Dispose()
    {
        foreach (var network in networks) network?.Dispose();
    }
}

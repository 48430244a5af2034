using Pipeline.Nn;
using Pipeline.Tensors;

namespace Pipeline.Optim;

/// <summary>
/// An exponential moving average of a model's parameters, θ̄ ← d·θ̄ + (1 − d)·θ (buffers are
/// copied as they are). DDPM samples from these averaged weights. With warm-up the decay is
/// min(d, (1 + n)/(10 + n)) after n updates, so early averages are not dominated by the initialization.
/// </summary>
public sealed class ExponentialMovingAverage : IDisposable
{
    private readonly Module model;
    private readonly OrderedDictionary<string, Tensor> shadow = new();

    public ExponentialMovingAverage(Module model, double decay = 0.999, bool warmup = false)
    {
        if (decay is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(decay), decay, "the decay must be in [0, 1]");
        this.model = model;
        Decay = decay;
        Warmup = warmup;
        using var noGrad = Torch.NoGrad();
        foreach (var (name, tensor) in model.StateDict())
            shadow.Add(name, tensor.Detach().Clone().DetachFromDisposeScope());
    }

    public double Decay { get; }
    public bool Warmup { get; }
    public long UpdateCount { get; private set; }

    /// <summary>The decay used at the next update.</summary>
    public double CurrentDecay => Warmup ? Math.Min(Decay, (1.0 + UpdateCount) / (10.0 + UpdateCount)) : Decay;

    /// <summary>Moves the averages towards the model's current weights (call after each optimizer step).</summary>
    public void Update()
    {
        var decay = CurrentDecay;
        using var noGrad = Torch.NoGrad();
        var live = model.StateDict();
        foreach (var (name, average) in shadow)
        {
            var current = live[name];
            if (current.DType.IsFloatingPoint() && current.RequiresGrad) average.Lerp_(current, 1 - decay);
            else average.Copy_(current);
        }
        UpdateCount++;
    }

    /// <summary>The averaged weights by name (live tensors: do not dispose).</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict() => shadow;

    /// <summary>Loads the averaged weights into a model of the same architecture.</summary>
    public void CopyTo(Module target) => target.LoadStateDict(shadow);

    /// <summary>Restores averages saved by <see cref="StateDict"/>.</summary>
    public void Load(IReadOnlyDictionary<string, Tensor> saved, long updateCount)
    {
        var missing = shadow.Keys.Where(k => !saved.ContainsKey(k)).ToList();
        if (missing.Count > 0) throw new InvalidDataException($"the EMA state lacks {string.Join(", ", missing)}");
        using var noGrad = Torch.NoGrad();
        foreach (var (name, average) in shadow) average.Copy_(saved[name]);
        UpdateCount = updateCount;
    }

    public void Dispose()
    {
        foreach (var t in shadow.Values) t.Dispose();
        shadow.Clear();
    }
}

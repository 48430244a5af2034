using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Optim;

/// <summary>
/// An exponential moving average of a model's parameters, θ̄ ← d·θ̄ + (1 − d)·θ (buffers and frozen parameters are
/// copied as they are). DDPM samples from these averaged weights. With warm-up the decay is
/// min(d, (1 + n)/(10 + n)) after n updates, so early averages are not dominated by the initialization.
/// </summary>
public sealed class ExponentialMovingAverage : IDisposable
{
    private readonly nn.Module model;
    private readonly Dictionary<string, Tensor> shadow = new();
    private readonly List<string> names = new();

    public ExponentialMovingAverage(nn.Module model, double decay = 0.999, bool warmup = false)
    {
        if (decay is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(decay), decay, "the decay must be in [0, 1]");
        this.model = model;
        Decay = decay;
        Warmup = warmup;
        using var noGrad = no_grad();
        foreach (var (name, tensor) in model.state_dict())
        {
            shadow.Add(name, tensor.detach().clone().DetachFromDisposeScope());
            names.Add(name);
        }
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
        using var noGrad = no_grad();
        var live = model.state_dict();
        foreach (var name in names)
        {
            var (average, current) = (shadow[name], live[name]);
            if (current.is_floating_point() && current.requires_grad) average.lerp_(current, 1 - decay);
            else average.copy_(current);
        }
        UpdateCount++;
    }

    /// <summary>The averaged weights by name, in the model's state-dict order (live tensors: do not dispose).</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict() => names.ToDictionary(n => n, n => shadow[n]);

    /// <summary>Loads the averaged weights into a model of the same architecture.</summary>
    public void CopyTo(nn.Module target)
    {
        using var noGrad = no_grad();
        var live = target.state_dict();
        foreach (var name in names) live[name].copy_(shadow[name]);
    }

    /// <summary>Restores averages saved by <see cref="StateDict"/>.</summary>
    public void Load(IReadOnlyDictionary<string, Tensor> saved, long updateCount)
    {
        var missing = names.Where(k => !saved.ContainsKey(k)).ToList();
        if (missing.Count > 0) throw new InvalidDataException($"the EMA state lacks {string.Join(", ", missing)}");
        using var noGrad = no_grad();
        foreach (var name in names) shadow[name].copy_(saved[name]);
        UpdateCount = updateCount;
    }

    public void Dispose()
    {
        foreach (var t in shadow.Values) t.Dispose();
        shadow.Clear();
    }
}

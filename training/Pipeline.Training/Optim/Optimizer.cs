using Pipeline.Tensors;

namespace Pipeline.Optim;

/// <summary>
/// Updates parameters from their gradients. Its per-parameter state (moments, momentum
/// buffers) is owned here and saved through <see cref="StateDict"/> so training resumes exactly.
/// </summary>
public abstract class Optimizer : IDisposable
{
    private readonly List<Dictionary<string, Tensor>> state;

    protected Optimizer(IEnumerable<Tensor> parameters, double learningRate)
    {
        if (learningRate < 0) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "the learning rate cannot be negative");
        Parameters = parameters.ToList();
        if (Parameters.Count == 0) throw new ArgumentException("the optimizer was given no parameters");
        LearningRate = learningRate;
        state = Parameters.Select(_ => new Dictionary<string, Tensor>()).ToList();
    }

    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The current learning rate (schedulers change it).</summary>
    public double LearningRate { get; set; }

    /// <summary>How many updates have been made.</summary>
    public long StepCount { get; private set; }

    /// <summary>One update of every parameter that has a gradient.</summary>
    public void Step()
    {
        StepCount++;
        using var noGrad = Torch.NoGrad();
        for (var i = 0; i < Parameters.Count; i++)
        {
            using var grad = Parameters[i].Grad;
            if (grad is not null) Update(Parameters[i], grad, state[i]);
        }
    }

    /// <summary>Updates one parameter in place; <paramref name="state"/> is that parameter's own state.</summary>
    protected abstract void Update(Tensor parameter, Tensor grad, Dictionary<string, Tensor> state);

    /// <summary>The state tensor <paramref name="name"/> of a parameter, created as zeros on first use.</summary>
    protected static Tensor StateTensor(Dictionary<string, Tensor> state, string name, Tensor like)
    {
        if (!state.TryGetValue(name, out var tensor))
        {
            tensor = Torch.ZerosLike(like).DetachFromDisposeScope();
            state[name] = tensor;
        }
        return tensor;
    }

    public void ZeroGrad()
    {
        foreach (var p in Parameters) p.Grad = null;
    }

    /// <summary>The state as named tensors ("{index}.{name}"), and the step count as "step". Live tensors: do not dispose.</summary>
    public OrderedDictionary<string, Tensor> StateDict()
    {
        var result = new OrderedDictionary<string, Tensor>();
        for (var i = 0; i < state.Count; i++)
            foreach (var (name, tensor) in state[i].OrderBy(kv => kv.Key, StringComparer.Ordinal))
                result.Add($"{i}.{name}", tensor);
        return result;
    }

    /// <summary>Restores state saved by <see cref="StateDict"/>, checking that it belongs to these parameters.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> saved, long stepCount)
    {
        var problems = new List<string>();
        var parsed = new List<(int Index, string Name, Tensor Value)>();
        foreach (var (key, value) in saved)
        {
            var dot = key.IndexOf('.');
            if (dot < 0 || !int.TryParse(key[..dot], out var index) || index < 0 || index >= Parameters.Count)
            {
                problems.Add($"'{key}' does not name one of the {Parameters.Count} parameters");
                continue;
            }
            if (!value.Shape.SequenceEqual(Parameters[index].Shape) && value.Dim != 0)
                problems.Add($"'{key}': shape {value.ShapeText}, but parameter {index} is {Parameters[index].ShapeText}");
            parsed.Add((index, key[(dot + 1)..], value));
        }
        if (problems.Count > 0)
            throw new InvalidDataException($"the optimizer state does not fit these parameters:\n  {string.Join("\n  ", problems)}");
        foreach (var s in state)
        {
            foreach (var t in s.Values) t.Dispose();
            s.Clear();
        }
        foreach (var (index, name, value) in parsed)
            state[index][name] = value.To(Parameters[index].Device).Clone().DetachFromDisposeScope();
        StepCount = stepCount;
    }

    public void Dispose()
    {
        foreach (var s in state)
        {
            foreach (var t in s.Values) t.Dispose();
            s.Clear();
        }
        GC.SuppressFinalize(this);
    }
}

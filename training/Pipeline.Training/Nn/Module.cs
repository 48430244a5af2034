using Pipeline.Tensors;

namespace Pipeline.Nn;

/// <summary>
/// A network part with named parameters, buffers and submodules, as torch.nn.Module.
/// A module owns its parameters and buffers (they live outside every dispose scope)
/// and releases them, and its submodules', when disposed.
/// </summary>
public abstract class Module : IDisposable
{
    private readonly OrderedDictionary<string, Tensor> parameters = new();
    private readonly OrderedDictionary<string, Tensor> buffers = new();
    private readonly HashSet<string> transientBuffers = new();
    private readonly OrderedDictionary<string, Module> children = new();
    private bool disposed;

    /// <summary>True in training mode (dropout active, batch statistics used), false in evaluation mode.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Registers a learnable tensor (it will require gradients); returns it.</summary>
    protected Tensor RegisterParameter(string name, Tensor value)
    {
        CheckName(name);
        value.DetachFromDisposeScope();
        value.RequiresGrad = true;
        parameters.Add(name, value);
        return value;
    }

    /// <summary>Registers state that is not learned (running statistics, masks); persistent buffers are saved in the state dict.</summary>
    protected Tensor RegisterBuffer(string name, Tensor value, bool persistent = true)
    {
        CheckName(name);
        value.DetachFromDisposeScope();
        buffers.Add(name, value);
        if (!persistent) transientBuffers.Add(name);
        return value;
    }

    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckName(name);
        children.Add(name, module);
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"'{name}' is not a valid member name (empty or containing '.')");
        if (parameters.ContainsKey(name) || buffers.ContainsKey(name) || children.ContainsKey(name))
            throw new ArgumentException($"'{name}' is already registered in {GetType().Name}");
    }

    /// <summary>Parameters of this module and its submodules, named by path ("encoder.0.weight").</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters()
    {
        foreach (var (name, p) in parameters) yield return (name, p);
        foreach (var (childName, child) in children)
            foreach (var (name, p) in child.NamedParameters()) yield return ($"{childName}.{name}", p);
    }

    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter);

    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers(bool persistentOnly = false)
    {
        foreach (var (name, b) in buffers)
            if (!persistentOnly || !transientBuffers.Contains(name)) yield return (name, b);
        foreach (var (childName, child) in children)
            foreach (var (name, b) in child.NamedBuffers(persistentOnly)) yield return ($"{childName}.{name}", b);
    }

    public IEnumerable<(string Name, Module Module)> NamedChildren() => children.Select(c => (c.Key, c.Value));

    /// <summary>This module (named "") and every descendant, depth first.</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules()
    {
        yield return (string.Empty, this);
        foreach (var (childName, child) in children)
            foreach (var (name, m) in child.NamedModules())
                yield return (name.Length == 0 ? childName : $"{childName}.{name}", m);
    }

    public long ParameterCount => Parameters().Sum(p => p.NumberOfElements);

    public Module Train(bool on = true)
    {
        Training = on;
        foreach (var child in children.Values) child.Train(on);
        return this;
    }

    public Module Eval() => Train(false);

    /// <summary>Clears every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.Grad = null;
    }

    /// <summary>Parameters and persistent buffers by path. These are the live tensors, not copies: do not dispose them.</summary>
    public OrderedDictionary<string, Tensor> StateDict()
    {
        var state = new OrderedDictionary<string, Tensor>();
        foreach (var (name, p) in NamedParameters()) state.Add(name, p);
        foreach (var (name, b) in NamedBuffers(persistentOnly: true)) state.Add(name, b);
        return state;
    }

    /// <summary>
    /// Copies values into the parameters and buffers. Every problem (missing or unexpected
    /// names, shape or dtype mismatches) is collected and reported in one <see cref="StateDictMismatchException"/>;
    /// nothing is copied unless all entries fit. With <paramref name="strict"/> false, missing and unexpected names are allowed.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        var own = StateDict();
        var problems = new List<string>();
        foreach (var (name, target) in own)
        {
            if (!state.TryGetValue(name, out var source))
            {
                if (strict) problems.Add($"missing '{name}' (expected {target.DType.Name()} {target.ShapeText})");
                continue;
            }
            if (!source.Shape.SequenceEqual(target.Shape))
                problems.Add($"'{name}': shape {source.ShapeText} in the state, {target.ShapeText} in the model");
            if (source.DType != target.DType)
                problems.Add($"'{name}': dtype {source.DType.Name()} in the state, {target.DType.Name()} in the model");
        }
        if (strict)
            problems.AddRange(state.Keys.Where(k => !own.ContainsKey(k)).Select(k => $"unexpected '{k}' (not in {GetType().Name})"));
        if (problems.Count > 0) throw new StateDictMismatchException(GetType().Name, problems);

        using var noGrad = Torch.NoGrad();
        foreach (var (name, target) in own)
            if (state.TryGetValue(name, out var source)) target.Copy_(source);
    }

    /// <summary>Moves every parameter and buffer to a device (in place: the tensor objects keep their identity).</summary>
    public Module To(Device device) => Convert(t => t.To(device));

    /// <summary>Converts every floating-point parameter and buffer to a dtype (in place).</summary>
    public Module To(DType dtype) => Convert(t => t.DType.IsFloatingPoint() ? t.To(dtype) : t.Alias());

    private Module Convert(Func<Tensor, Tensor> convert)
    {
        using var noGrad = Torch.NoGrad();
        foreach (var p in Parameters())
        {
            using var detached = p.Detach();
            var converted = convert(detached).DetachFromDisposeScope();
            p.ReplaceWith(converted);
            p.RequiresGrad = true;
        }
        foreach (var (_, b) in NamedBuffers()) b.ReplaceWith(convert(b).DetachFromDisposeScope());
        return this;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposed || !disposing) return;
        disposed = true;
        foreach (var p in parameters.Values) p.Dispose();
        foreach (var b in buffers.Values) b.Dispose();
        foreach (var c in children.Values) c.Dispose();
    }
}

using Pipeline.Optim;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Checkpoints;

/// <summary>
/// A training checkpoint: one safetensors file holding the model ("model/…"), optimizer
/// ("optimizer/…"), EMA ("ema/…") and extra ("extra/…") tensors, with the model kind, its
/// hyper-parameters (JSON) and the step counts as metadata. <see cref="Save"/> writes one
/// atomically; <see cref="Load"/> reads one and restores its parts into live objects.
/// A loaded checkpoint owns its tensors: dispose it once restored.
/// </summary>
public sealed class Checkpoint : IDisposable
{
    private readonly SafeTensorsFile file;
    private readonly CheckpointHeader header;
    private readonly CheckpointSections sections;

    private Checkpoint(SafeTensorsFile file, CheckpointHeader header)
    {
        this.file = file;
        this.header = header;
        sections = CheckpointSections.Split(file);
    }

    /// <summary>Writes <paramref name="contents"/> to <paramref name="path"/>; an existing file is replaced only once the new one is complete.</summary>
    public static void Save(string path, CheckpointContents contents) => CheckpointWriter.Write(path, contents);

    /// <summary>Reads a checkpoint, checking that it is one of a <paramref name="expectedKind"/> model.</summary>
    public static Checkpoint Load(string path, string expectedKind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expectedKind);
        CheckpointHeader? header = null;
        var file = SafeTensors.Read(path, metadata =>
        {
            header = CheckpointHeader.Parse(path, metadata);
            if (header.Kind != expectedKind)
                throw new CheckpointException(path, $"'{path}' holds a '{header.Kind}' checkpoint, not '{expectedKind}': pass a checkpoint trained for '{expectedKind}'");
        });
        try
        {
            return new Checkpoint(file, header!);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The model kind of a checkpoint, reading only its header.</summary>
    public static string ReadKind(string path) => CheckpointHeader.Parse(path, SafeTensors.ReadMetadata(path)).Kind;

    /// <summary>The checkpoint file.</summary>
    public string Path => file.Path;

    /// <summary>The model kind, e.g. "mlp-autoencoder".</summary>
    public string Kind => header.Kind;

    /// <summary>The model's hyper-parameters as saved (JSON).</summary>
    public string ConfigJson => header.ConfigJson;

    /// <summary>The training step the checkpoint was taken at.</summary>
    public long Step => header.Step;

    /// <summary>The optimizer's step count, or null when no optimizer was saved.</summary>
    public long? OptimizerStep => header.OptimizerStep;

    /// <summary>The number of EMA updates, or null when no EMA was saved.</summary>
    public long? EmaUpdates => header.EmaUpdates;

    /// <summary>The free metadata given when saving (without the reserved "pipeline." keys).</summary>
    public IReadOnlyDictionary<string, string> Metadata => header.User;

    /// <summary>The names of the extra tensors.</summary>
    public IReadOnlyCollection<string> ExtraNames => sections.Extra.Keys;

    /// <summary>Copies the saved parameters and persistent buffers into <paramref name="model"/>; every name, shape and dtype must match.</summary>
    public void RestoreModel(nn.Module model)
    {
        var live = model.state_dict();
        var problems = StateComparison.Problems(sections.Model, live);
        if (problems.Count > 0)
            throw new CheckpointException(Path, $"'{Path}' does not fit this {model.GetType().Name}: build the model from the checkpoint's ConfigJson, or pass a checkpoint of this architecture. Problems: {string.Join("; ", problems)}");
        using var noGrad = no_grad();
        foreach (var (name, tensor) in live) tensor.copy_(sections.Model[name]);
    }

    /// <summary>The names of the named optimizers (see <see cref="CheckpointContents.NamedOptimizers"/>).</summary>
    public IReadOnlyCollection<string> OptimizerNames => header.NamedOptimizers.Keys.ToList();

    /// <summary>Restores Adam's moments, step counts and learning rate, so training continues exactly.</summary>
    public void RestoreOptimizer(nn.Module model, Adam optimizer)
    {
        _ = header.OptimizerStep ?? throw Absent("optimizer state", "create the optimizer fresh");
        var saved = header.Optimizer;
        if (saved is not null && saved != nameof(Adam))
            throw new CheckpointException(Path, $"'{Path}' holds {saved} optimizer state, not Adam: restore it into a {saved}, or start this optimizer fresh");
        Restore("optimizer state", sections.Optimizer, model, optimizer, header.LearningRate);
    }

    /// <summary>Restores the optimizer saved as <paramref name="name"/> over <paramref name="module"/>'s trainable parameters.</summary>
    public void RestoreOptimizer(string name, nn.Module module, Adam optimizer)
    {
        if (!header.NamedOptimizers.TryGetValue(name, out var saved))
            throw new CheckpointException(Path, $"'{Path}' holds no optimizer named '{name}' (it has: {(header.NamedOptimizers.Count == 0 ? "none" : string.Join(", ", header.NamedOptimizers.Keys))}): pass one of those names, or create the optimizer fresh");
        Restore($"'{name}' optimizer state", sections.NamedOptimizers.GetValueOrDefault(name) ?? new(new Dictionary<string, Tensor>()), module, optimizer, saved.LearningRate);
    }

    private void Restore(string what, IReadOnlyDictionary<string, Tensor> tensors, nn.Module module, Adam optimizer, double? learningRate)
    {
        try
        {
            AdamState.Restore(module, optimizer, tensors);
        }
        catch (InvalidDataException e)
        {
            throw new CheckpointException(Path, $"the {what} of '{Path}' does not fit this optimizer's parameters: pass the optimizer of the restored model. {e.Message}", e);
        }
        if (learningRate is { } rate)
            foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
    }

    /// <summary>Restores the averaged weights and the update count.</summary>
    public void RestoreEma(ExponentialMovingAverage ema)
    {
        var updates = header.EmaUpdates ?? throw Absent("EMA", "create the EMA fresh from the restored model");
        var problems = StateComparison.Problems(sections.Ema, ema.StateDict());
        if (problems.Count > 0)
            throw new CheckpointException(Path, $"the EMA of '{Path}' does not fit this EMA's model: pass an EMA of the restored model. Problems: {string.Join("; ", problems)}");
        ema.Load(sections.Ema, updates);
    }

    /// <summary>
    /// Puts the averaged weights into <paramref name="model"/> (the restored model, or one of its configuration), the weights
    /// a model trained with an EMA (DDPM) is exported and judged with; false, changing nothing, when the checkpoint has none.
    /// </summary>
    public bool CopyEmaInto(nn.Module model)
    {
        if (header.EmaUpdates is null) return false;
        using var ema = new ExponentialMovingAverage(model);
        RestoreEma(ema);
        ema.CopyTo(model);
        return true;
    }

    /// <summary>An extra tensor saved with the checkpoint (owned by the checkpoint: clone it to keep it after disposing).</summary>
    public Tensor Extra(string name) =>
        sections.Extra.TryGetValue(name, out var tensor)
            ? tensor
            : throw new CheckpointException(Path, $"'{Path}' has no extra tensor '{name}' (it has: {(sections.Extra.Count == 0 ? "none" : string.Join(", ", sections.Extra.Keys))}): pass one of those names");

    /// <summary>Releases the checkpoint's tensors (restored objects hold their own copies).</summary>
    public void Dispose() => file.Dispose();

    private CheckpointException Absent(string what, string fix) =>
        new(Path, $"'{Path}' holds no {what} (it was saved without one): {fix}, or pass a checkpoint saved with it");
}

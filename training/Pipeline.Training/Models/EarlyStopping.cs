using static TorchSharp.torch;

namespace Pipeline.Models;

/// <summary>
/// Early stopping on a validation split (seed 003: "early stopping" on held-out data): after every epoch
/// <see cref="ModelTrainer{TModel}"/> measures <see cref="ValidationLoss"/> (lower is better); when it has not improved for
/// <see cref="Patience"/> epochs, training stops, and the model ends with the weights of its best epoch, which the final
/// checkpoint holds. Keeps a copy of the best weights on the CPU.
/// </summary>
public sealed class EarlyStopping : IDisposable
{
    private readonly List<double> history = [];
    private Dictionary<string, Tensor>? best;

    /// <param name="validationLoss">Measures the model (called in evaluation mode, without gradients).</param>
    /// <param name="patience">Epochs without improvement before stopping.</param>
    public EarlyStopping(Func<double> validationLoss, int patience)
    {
        ArgumentNullException.ThrowIfNull(validationLoss);
        if (patience < 1) throw new ArgumentOutOfRangeException(nameof(patience), patience, "the patience must be at least one epoch: pass --patience 1 or more");
        ValidationLoss = validationLoss;
        Patience = patience;
    }

    public Func<double> ValidationLoss { get; }

    public int Patience { get; }

    /// <summary>The validation loss after each epoch of this run.</summary>
    public IReadOnlyList<double> History => history;

    /// <summary>The lowest validation loss so far (NaN before the first epoch).</summary>
    public double BestLoss { get; private set; } = double.NaN;

    /// <summary>The epoch (1-based) of <see cref="BestLoss"/>, 0 before the first.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Whether the last <see cref="Record"/> stopped training.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Measures <paramref name="model"/> after <paramref name="epoch"/> (1-based); true when training should stop.</summary>
    public bool Record(nn.Module model, int epoch)
    {
        double loss;
        using (no_grad())
        {
            model.eval();
            try
            {
                loss = ValidationLoss();
            }
            finally
            {
                model.train();
            }
        }
        history.Add(loss);
        if (double.IsNaN(BestLoss) || loss < BestLoss)
        {
            (BestLoss, BestEpoch) = (loss, epoch);
            Dispose();
            best = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().cpu().clone());
        }
        Stopped = epoch - BestEpoch >= Patience;
        return Stopped;
    }

    /// <summary>Puts the best epoch's weights back into <paramref name="model"/>; false when it already has them or none were kept.</summary>
    public bool RestoreBest(nn.Module model, int lastEpoch)
    {
        if (best is null || BestEpoch == lastEpoch) return false;
        using (no_grad())
            foreach (var (name, value) in model.state_dict())
                value.copy_(best[name]);
        return true;
    }

    /// <summary>The checkpoint metadata key of <see cref="BestLoss"/>, <see cref="BestEpoch"/> and <see cref="History"/>.</summary>
    public const string MetadataKey = "early_stopping";

    /// <summary>The prefix of the checkpoint extras holding the best epoch's weights.</summary>
    public const string WeightsPrefix = "early_stopping.best.";

    /// <summary>
    /// Adds this state to a checkpoint's extras and metadata, so a resumed run stops where the uninterrupted one would,
    /// with the same best weights. The caller disposes nothing: the tensors stay this object's.
    /// </summary>
    public void AddTo(IDictionary<string, Tensor> extra, IDictionary<string, string> metadata)
    {
        if (best is null) return;
        foreach (var (name, tensor) in best) extra[WeightsPrefix + name] = tensor;
        metadata[MetadataKey] = System.Text.Json.JsonSerializer.Serialize(new State(BestLoss, BestEpoch, history.ToArray()));
    }

    /// <summary>Takes the state a checkpoint holds (<see cref="AddTo"/>); a checkpoint of a run without it leaves this one as new.</summary>
    public void Restore(Checkpoints.Checkpoint checkpoint)
    {
        if (!checkpoint.Metadata.TryGetValue(MetadataKey, out var json)) return;
        var state = System.Text.Json.JsonSerializer.Deserialize<State>(json)
            ?? throw new InvalidDataException($"the checkpoint's {MetadataKey} metadata is empty: resume without it, or train again");
        Dispose();
        best = checkpoint.ExtraNames.Where(n => n.StartsWith(WeightsPrefix, StringComparison.Ordinal))
            .ToDictionary(n => n[WeightsPrefix.Length..], n => checkpoint.Extra(n).detach().cpu().clone());
        (BestLoss, BestEpoch) = (state.BestLoss, state.BestEpoch);
        history.Clear();
        history.AddRange(state.History);
    }

    private sealed record State(double BestLoss, int BestEpoch, double[] History);

    public void Dispose()
    {
        if (best is null) return;
        foreach (var tensor in best.Values) tensor.Dispose();
        best = null;
    }
}

namespace Pipeline.Models;

/// <summary>One report of a training loop: where it is, the loss, and the loss's named parts.</summary>
public sealed record TrainingProgress(int Epoch, int Epochs, int BatchInEpoch, int BatchesPerEpoch, long Step, double Loss,
    IReadOnlyList<(string Name, double Value)> Parts);

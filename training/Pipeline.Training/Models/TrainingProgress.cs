namespace Pipeline.Models;

/// <summary>One report of a training loop: where it is and the running loss.</summary>
public sealed record TrainingProgress(int Epoch, int Epochs, int BatchInEpoch, int BatchesPerEpoch, long Step, double Loss);

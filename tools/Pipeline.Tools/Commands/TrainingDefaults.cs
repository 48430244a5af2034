namespace Pipeline.Tools.Commands;

/// <summary>The defaults of a `train` command's common options, chosen per model to train well in a few minutes on 2 cores.</summary>
internal sealed record TrainingDefaults(int Epochs, int BatchSize, double LearningRate, double? EmaDecay = null);

namespace Pipeline.Models;

/// <summary>Where a training run ended: the step count and the last reported loss with its parts.</summary>
public sealed record TrainingSummary(long Steps, double LastLoss, IReadOnlyList<(string Name, double Value)> LastParts);

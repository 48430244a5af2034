namespace Pipeline.Models.Autoencoders;

/// <summary>The mean |z| of a model's codes and their mean Hoyer sparsity in [0, 1] (see <see cref="CodeStatistics"/>).</summary>
public sealed record CodeReport(double MeanAbsolute, double HoyerSparsity);

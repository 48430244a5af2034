namespace Pipeline.Tools.Evaluation;

/// <summary>One attribute's figures: its regularized dimension's Spearman ρ, and the most informative dimension with its R².</summary>
public sealed record AttributeFigure(string Name, int Dimension, double Spearman, int MostInformativeDimension, double InterpretabilityRSquared);

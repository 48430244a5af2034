namespace Pipeline.Tools.Evaluation;

/// <summary>An autoregressive package's exact test-set −log p(x), in nats per image and bits per dimension.</summary>
public sealed record ExactLikelihood(int Images, string Protocol, double NatsPerImage, int Dimensions)
{
    public double BitsPerDimension => NatsPerImage / (Dimensions * Math.Log(2));
}

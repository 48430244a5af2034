namespace Pipeline.Models.Autoregressive;

/// <summary>
/// An autoregressive model's exact test negative log-likelihood: nats per image (mean) and bits per dimension
/// (nats / (D ln 2)); <see cref="Binarized"/> says which data protocol produced it.
/// </summary>
public sealed record LikelihoodReport(double NatsPerImage, double BitsPerDimension, bool Binarized, int Images);

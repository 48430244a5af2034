namespace Pipeline.Models.Autoencoders;

/// <summary>Hyper-parameters of <see cref="ConstrainedAutoencoder"/>: the fully connected network, the class count and λ.</summary>
public sealed record ConstrainedAutoencoderConfig
{
    public MlpAutoencoderConfig Network { get; init; } = RegularizedNetworks.Default;

    /// <summary>Number of classes C the linear head t̂ = Linear(z) predicts (one-hot targets).</summary>
    public int ClassCount { get; init; } = 10;

    /// <summary>λ of the encoder's loss L1 + λ·L2.</summary>
    public double Lambda { get; init; } = 1.0;

    public string ToJson() => ModelJson.Write(this);

    public static ConstrainedAutoencoderConfig FromJson(string json) => ModelJson.Read<ConstrainedAutoencoderConfig>(json, "constrained autoencoder", c => c.Validate());

    public void Validate()
    {
        if (Network is null) throw new ArgumentException("the constrained autoencoder needs a network configuration");
        Network.Validate();
        if (ClassCount < 2) throw new ArgumentException($"the head needs 2 classes or more, got {ClassCount}");
        if (!(Lambda >= 0) || double.IsInfinity(Lambda)) throw new ArgumentException($"λ must be 0 or more and finite, got {Lambda}: pass e.g. --lambda 1");
    }
}

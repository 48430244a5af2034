namespace Pipeline.Models.Autoencoders;

/// <summary>Hyper-parameters of <see cref="SparseAutoencoder"/>: the fully connected network and the L1 weight λ.</summary>
public sealed record SparseAutoencoderConfig
{
    public MlpAutoencoderConfig Network { get; init; } = RegularizedNetworks.Default;

    /// <summary>λ of the penalty λ·mean|z| on the code.</summary>
    public double Lambda { get; init; } = 0.01;

    public string ToJson() => ModelJson.Write(this);

    public static SparseAutoencoderConfig FromJson(string json) => ModelJson.Read<SparseAutoencoderConfig>(json, "sparse autoencoder", c => c.Validate());

    public void Validate()
    {
        if (Network is null) throw new ArgumentException("the sparse autoencoder needs a network configuration");
        Network.Validate();
        if (!(Lambda >= 0) || double.IsInfinity(Lambda)) throw new ArgumentException($"λ must be 0 or more and finite, got {Lambda}: pass e.g. --lambda 0.01");
    }
}

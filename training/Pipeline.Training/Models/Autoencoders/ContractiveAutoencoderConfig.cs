namespace Pipeline.Models.Autoencoders;

/// <summary>Hyper-parameters of <see cref="ContractiveAutoencoder"/>: the fully connected network and the penalty's weight λ.</summary>
public sealed record ContractiveAutoencoderConfig
{
    public MlpAutoencoderConfig Network { get; init; } = RegularizedNetworks.Default;

    /// <summary>λ of the penalty λ·‖J_f(x)‖²_F.</summary>
    public double Lambda { get; init; } = 1e-4;

    public string ToJson() => ModelJson.Write(this);

    public static ContractiveAutoencoderConfig FromJson(string json) => ModelJson.Read<ContractiveAutoencoderConfig>(json, "contractive autoencoder", c => c.Validate());

    public void Validate()
    {
        if (Network is null) throw new ArgumentException("the contractive autoencoder needs a network configuration");
        Network.Validate();
        if (!(Lambda >= 0) || double.IsInfinity(Lambda)) throw new ArgumentException($"λ must be 0 or more and finite, got {Lambda}: pass e.g. --lambda 1e-4");
    }
}

namespace Pipeline.Tools.Benchmarks;

/// <summary>The models `bench distributed` trains: a small convolutional autoencoder (little compute per byte of gradient) and the DDPM's U-Net (much).</summary>
public enum DistributedBenchModel
{
    ConvAutoencoder,
    Ddpm,
}

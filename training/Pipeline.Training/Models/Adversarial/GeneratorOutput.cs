namespace Pipeline.Models.Adversarial;

/// <summary>What a generator's last layer gives.</summary>
public enum GeneratorOutput
{
    /// <summary>tanh: pixel values in [−1, 1], the data fed as x/127.5 − 1.</summary>
    Tanh,

    /// <summary>sigmoid: pixel intensities in [0, 1] (the adversarial autoencoder's decoder).</summary>
    Sigmoid,

    /// <summary>No activation: unbounded values (points of a 2-D toy density).</summary>
    Linear,
}

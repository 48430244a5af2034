namespace Pipeline.Runtime.Packages;

/// <summary>
/// The number format of a package's networks inside (`tools/pipeline export --precision`); their inputs and outputs are
/// float32 whatever it is, so the runtime runs every package the same way.
/// </summary>
public enum NumericPrecision
{
    /// <summary>float32 throughout, as trained.</summary>
    Fp32,

    /// <summary>Weights and activations in float16 (for GPUs); the computation on integer inputs (timestep embeddings) stays float32.</summary>
    Fp16,

    /// <summary>
    /// Convolutions and matrix products quantized to 8 bits in QDQ form (int8 weights per output channel, uint8 activations
    /// calibrated on the inputs the networks see while sampling), for CPUs; the other operators run in float32.
    /// </summary>
    Int8,
}

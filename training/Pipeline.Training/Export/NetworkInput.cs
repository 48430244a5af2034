using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Export;

/// <summary>
/// A float32 input of an exported network; −1 in <see cref="Shape"/> is the dynamic batch dimension, and
/// <see cref="Values"/> says what realistic values look like (export verification runs on such values); <see cref="Bound"/>
/// is the exclusive upper bound of <see cref="InputValues.Index"/> values.
/// </summary>
public sealed record NetworkInput(string Name, long[] Shape, InputValues Values = InputValues.Normal, int Bound = 0)
{
    /// <summary>A random input of <paramref name="batch"/> rows: uniform images, one-hot labels, timesteps in [0, T), indices in [0, Bound), else N(0, 1).</summary>
    public Tensor Example(int batch, Generator generator)
    {
        var shape = Shape.Select((d, i) => i == 0 ? batch : d).ToArray();
        return Values switch
        {
            InputValues.UnitInterval => rand(shape, generator: generator),
            InputValues.OneHot => nn.functional.one_hot(Noise.RandInt(0, shape[1], [batch], generator, CPU), shape[1]).to(ScalarType.Float32),
            InputValues.Timestep => Noise.RandInt(0, 1000, [batch], generator, CPU).to(ScalarType.Float32),
            InputValues.Index => Noise.RandInt(0, Bound, shape, generator, CPU).to(ScalarType.Float32),
            _ => randn(shape, generator: generator),
        };
    }
}

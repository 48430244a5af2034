using TorchSharp;

namespace Pipeline.Export.Tests.Rules;

/// <summary>One configuration of a layer: how to build it and the shape of an input it takes.</summary>
public sealed record LayerCase(string Name, Func<torch.nn.Module> Build, long[] InputShape, bool IntegerInput = false)
{
    /// <summary>A seeded example input (indices below 10 for integer inputs).</summary>
    public torch.Tensor Input(long seed)
    {
        var generator = new torch.Generator((ulong)seed);
        return IntegerInput
            ? torch.randint(0, 10, InputShape, dtype: torch.int64, generator: generator)
            : torch.randn(InputShape, generator: generator);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

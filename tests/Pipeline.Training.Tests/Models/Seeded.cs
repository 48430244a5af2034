using static TorchSharp.torch;

namespace Pipeline.Tests.Models;

/// <summary>Builds a model with its initialization drawn from TorchSharp's default generator seeded with <c>seed</c>.</summary>
internal static class Seeded
{
    public static T Model<T>(long seed, Func<T> build)
    {
        random.manual_seed(seed);
        return build();
    }
}

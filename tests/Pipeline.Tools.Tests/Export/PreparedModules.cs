using Pipeline.Nn;
using Pipeline.Nn.Layers;
using Pipeline.Tensors;

namespace Pipeline.Tools.Tests.Export;

/// <summary>Modules whose state is made non-trivial before export, so that a wrongly exported parameter shows.</summary>
internal static class PreparedModules
{
    /// <summary>Every parameter of <paramref name="module"/> drawn uniform in [0.5, 1.5) (normalization weights start as ones, biases as zeros).</summary>
    public static T Randomized<T>(T module, Generator generator) where T : Module
    {
        foreach (var parameter in module.Parameters()) Init.Uniform_(parameter, 0.5, 1.5, generator);
        return module;
    }

    /// <summary>A BatchNorm2d over 4 channels after three training-mode forwards on inputs of mean 0.5 and deviation 2.</summary>
    public static BatchNorm2d TrainedBatchNorm(Generator generator, bool affine)
    {
        var norm = Randomized(new BatchNorm2d(4, affine: affine), generator);
        norm.Train();
        for (var step = 0; step < 3; step++)
        {
            using var scope = DisposeScope.Enter();
            using var noGrad = Torch.NoGrad();
            var batch = Torch.Randn(new long[] { 8, 4, 5, 5 }, generator) * 2 + 0.5;
            norm.Forward(batch);
        }
        return norm;
    }
}

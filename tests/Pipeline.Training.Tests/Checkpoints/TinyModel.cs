using Pipeline.Nn;
using Pipeline.Nn.Layers;
using Pipeline.Optim;
using Pipeline.Tensors;

namespace Pipeline.Tests.Checkpoints;

/// <summary>A small MLP and the training step the checkpoint tests use.</summary>
internal static class TinyModel
{
    public const string Kind = "mlp-autoencoder";
    public const string ConfigJson = "{\"inputs\": 4, \"hidden\": 3, \"outputs\": 2}";

    public static Sequential Create(long seed, long hidden = 3)
    {
        using var generator = new Generator(seed);
        return new Sequential(new Linear(4, hidden, generator: generator), new Relu(), new Linear(hidden, 2, generator: generator));
    }

    public static Tensor Inputs() => Tensor.From(new[] { 0.5f, -1f, 2f, 0.25f, 1f, 1f, -0.5f, 3f, -2f, 0f, 0.75f, 1.5f }, 3, 4);

    public static Tensor Targets() => Tensor.From(new[] { 1f, 0f, -1f, 2f, 0.5f, 0.5f }, 3, 2);

    public static void Step(Sequential model, Optimizer optimizer, Tensor inputs, Tensor targets)
    {
        using var scope = DisposeScope.Enter();
        optimizer.ZeroGrad();
        var loss = Functional.MseLoss(model.Forward(inputs), targets);
        loss.Backward();
        optimizer.Step();
    }

    /// <summary>True when both models hold exactly the same values under the same names.</summary>
    public static bool SameWeights(Module a, Module b)
    {
        var left = a.StateDict();
        var right = b.StateDict();
        return left.Keys.SequenceEqual(right.Keys) && left.All(kv => kv.Value.Equal(right[kv.Key]));
    }
}

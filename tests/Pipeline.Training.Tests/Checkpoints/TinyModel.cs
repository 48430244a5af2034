using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Tests.Checkpoints;

/// <summary>A small MLP (4 → hidden → 2) and the training step the checkpoint tests use.</summary>
internal sealed class TinyModel : nn.Module<Tensor, Tensor>
{
    public const string Kind = "mlp-autoencoder";
    public const string ConfigJson = "{\"inputs\": 4, \"hidden\": 3, \"outputs\": 2}";

    private readonly Linear hidden;
    private readonly ReLU activation;
    private readonly Linear output;

    private TinyModel(long hiddenSize) : base(nameof(TinyModel))
    {
        hidden = nn.Linear(4, hiddenSize);
        activation = nn.ReLU();
        output = nn.Linear(hiddenSize, 2);
        RegisterComponents();
    }

    /// <summary>A model initialized from <paramref name="seed"/> (the same seed gives the same weights).</summary>
    public static TinyModel Create(long seed, long hidden = 3)
    {
        torch.random.manual_seed(seed);
        return new TinyModel(hidden);
    }

    public override Tensor forward(Tensor input)
    {
        using var hiddenValues = hidden.call(input);
        using var activated = activation.call(hiddenValues);
        return output.call(activated);
    }

    public static Tensor Inputs() => torch.tensor(new[] { 0.5f, -1f, 2f, 0.25f, 1f, 1f, -0.5f, 3f, -2f, 0f, 0.75f, 1.5f }, new long[] { 3, 4 });

    public static Tensor Targets() => torch.tensor(new[] { 1f, 0f, -1f, 2f, 0.5f, 0.5f }, new long[] { 3, 2 });

    public static void Step(TinyModel model, Adam optimizer, Tensor inputs, Tensor targets)
    {
        using var scope = torch.NewDisposeScope();
        optimizer.zero_grad();
        var loss = F.mse_loss(model.call(inputs), targets);
        loss.backward();
        optimizer.step();
    }

    /// <summary>True when both models hold exactly the same values under the same names.</summary>
    public static bool SameWeights(nn.Module a, nn.Module b)
    {
        var left = a.state_dict();
        var right = b.state_dict();
        return left.Keys.SequenceEqual(right.Keys) && left.All(kv => kv.Value.Equals(right[kv.Key]));
    }
}

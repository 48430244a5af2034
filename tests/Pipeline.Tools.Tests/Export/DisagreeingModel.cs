using Pipeline.Export;
using Pipeline.Nn;
using Pipeline.Nn.Layers;
using Pipeline.Tensors;

namespace Pipeline.Tools.Tests.Export;

/// <summary>
/// A test double: an autoencoder (784 → 2 → 784, linear) whose libtorch reference of one network
/// (<see cref="WrongRole"/>) is shifted by 0.5, so that its ONNX export disagrees with it.
/// </summary>
internal sealed class DisagreeingModel : Module, IExportableModel
{
    public const string Kind = "disagreeing-test-double";

    private readonly Linear encoder;
    private readonly Linear decoder;

    public DisagreeingModel(string wrongRole, Generator generator)
    {
        WrongRole = wrongRole;
        encoder = RegisterModule("encoder", new Linear(28 * 28, 2, generator: generator));
        decoder = RegisterModule("decoder", new Linear(2, 28 * 28, generator: generator));
    }

    public string WrongRole { get; }

    public ExportFamily Family => ExportFamily.Autoencoder;

    public int LatentSize => 2;

    public int? ClassCount => null;

    public IReadOnlyList<ExportableNetwork> ExportNetworks() => new[]
    {
        new ExportableNetwork
        {
            Role = "encoder",
            Inputs = new[] { new NetworkInput("image", new[] { -1L, 1, 28, 28 }) },
            Outputs = new[] { "latent" },
            Build = (graph, x) => new[] { graph.Apply(encoder, new Flatten().ExportOnnx(graph, x[0]), "encoder") },
            Reference = x =>
            {
                using var flat = x[0].Flatten(1);
                return new[] { Shifted("encoder", encoder.Forward(flat)) };
            },
        },
        new ExportableNetwork
        {
            Role = "decoder",
            Inputs = new[] { new NetworkInput("latent", new[] { -1L, 2 }) },
            Outputs = new[] { "image" },
            Build = (graph, z) => new[] { new Unflatten(1, 28, 28).ExportOnnx(graph, graph.Apply(decoder, z[0], "decoder")) },
            Reference = z =>
            {
                using var flat = decoder.Forward(z[0]);
                return new[] { Shifted("decoder", flat.Reshape(-1, 1, 28, 28)) };
            },
        },
    };

    private Tensor Shifted(string role, Tensor output)
    {
        if (role != WrongRole) return output;
        using (output) return output + 0.5;
    }
}

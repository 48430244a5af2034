using Pipeline.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Tools.Tests.Export;

/// <summary>
/// A test double: a linear autoencoder (784 → 2 → 784) whose exported network <see cref="WrongRole"/> is wrapped in
/// <see cref="ShiftedInOnnx"/>, so that its ONNX graph disagrees with its TorchSharp forward by 0.5.
/// </summary>
internal sealed class DisagreeingModel : nn.Module<Tensor, Tensor>, IExportableModel
{
    public const string Kind = "disagreeing-test-double";

    private readonly Linear encoder;
    private readonly Linear decoder;

    public DisagreeingModel(string wrongRole) : base(nameof(DisagreeingModel))
    {
        WrongRole = wrongRole;
        encoder = nn.Linear(28 * 28, 2);
        decoder = nn.Linear(2, 28 * 28);
        RegisterComponents();
    }

    /// <summary>The role ("encoder" or "decoder") whose export is wrong.</summary>
    public string WrongRole { get; }

    public ExportFamily Family => ExportFamily.Autoencoder;

    public int LatentSize => 2;

    public int? ClassCount => null;

    public override Tensor forward(Tensor input) => decoder.call(encoder.call(input.flatten(1))).reshape(-1, 1, 28, 28);

    public IReadOnlyList<ExportableNetwork> ExportNetworks() =>
    [
        new ExportableNetwork
        {
            Role = "encoder",
            Inputs = [new NetworkInput("image", [-1L, 1, 28, 28], InputValues.UnitInterval)],
            Outputs = ["latent"],
            Module = AsExported("encoder", nn.Sequential(("flatten", (nn.Module<Tensor, Tensor>)nn.Flatten()), ("encoder", encoder))),
        },
        new ExportableNetwork
        {
            Role = "decoder",
            Inputs = [new NetworkInput("latent", [-1L, 2])],
            Outputs = ["image"],
            Module = AsExported("decoder", nn.Sequential(("decoder", (nn.Module<Tensor, Tensor>)decoder), ("unflatten", nn.Unflatten(1, [1, 28, 28])))),
        },
    ];

    private nn.Module<Tensor, Tensor> AsExported(string role, nn.Module<Tensor, Tensor> network) =>
        role == WrongRole ? new ShiftedInOnnx(network) : network;
}

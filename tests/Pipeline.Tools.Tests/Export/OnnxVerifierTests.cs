using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Export;
using Pipeline.Nn.Layers;
using Pipeline.Tensors;
using Pipeline.Tools.Export;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Export;

public class OnnxVerifierTests
{
    [Test]
    public void AWrongReferenceIsMeasuredAsADifference()
    {
        using var directory = new TempDirectory();
        using var module = new Sigmoid();
        var network = WithReference(ModuleNetworks.Plain(module, new[] { -1L, 10 }), x => new[] { x[0].Tanh() });
        var path = ModuleNetworks.Write(network, directory.File("sigmoid.onnx"));

        Assert.That(OnnxVerifier.MaxDifference(network, path), Is.GreaterThan(0.1));
    }

    [Test]
    public void ANaNIsAnInfiniteDifference()
    {
        using var directory = new TempDirectory();
        using var module = new Relu();
        var network = WithReference(ModuleNetworks.Plain(module, new[] { -1L, 10 }), x =>
        {
            using var zeros = Torch.ZerosLike(x[0]);
            return new[] { zeros / 0.0 };
        });
        var path = ModuleNetworks.Write(network, directory.File("relu.onnx"));

        Assert.That(OnnxVerifier.MaxDifference(network, path), Is.EqualTo(double.PositiveInfinity));
    }

    [Test]
    public void AReferenceWithMissingOutputsIsNotAPass()
    {
        using var directory = new TempDirectory();
        using var module = new Relu();
        var network = WithReference(ModuleNetworks.Plain(module, new[] { -1L, 10 }), _ => Array.Empty<Tensor>());
        var path = ModuleNetworks.Write(network, directory.File("relu.onnx"));

        Assert.That(() => OnnxVerifier.MaxDifference(network, path),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("declares 1 outputs but its libtorch reference gives 0"));
    }

    private static ExportableNetwork WithReference(ExportableNetwork network, Func<IReadOnlyList<Tensor>, IReadOnlyList<Tensor>> reference) => new()
    {
        Role = network.Role,
        Inputs = network.Inputs,
        Outputs = network.Outputs,
        Build = network.Build,
        Reference = reference,
    };
}

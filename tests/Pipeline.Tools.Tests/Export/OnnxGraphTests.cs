using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Export;
using Pipeline.Nn.Layers;
using Pipeline.Tensors;
using Pipeline.Tools.Export;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Export;

public class OnnxGraphTests
{
    [Test]
    public void TwoModulesInOneScopeAreRefused()
    {
        using var flatten = new Flatten();
        using var unflatten = new Unflatten(3, 4);
        var graph = new OnnxGraph("m");
        var x = graph.AddInput("x", -1, 2, 6);

        var flat = graph.Apply(flatten, x);

        Assert.That(() => graph.Apply(unflatten, flat),
            Throws.InvalidOperationException.With.Message.Contains("already has a value 'shape'").And.Message.Contains("own scope"));
    }

    [Test]
    public void ModulesInTheirOwnScopesExport()
    {
        using var directory = new TempDirectory();
        using var flatten = new Flatten();
        using var unflatten = new Unflatten(3, 4);
        var network = new ExportableNetwork
        {
            Role = "m",
            Inputs = new[] { new NetworkInput("x", new[] { -1L, 2, 6 }) },
            Outputs = new[] { "y" },
            Build = (graph, x) => new[] { graph.Apply(unflatten, graph.Apply(flatten, x[0], "a"), "b") },
            Reference = x =>
            {
                using var flat = flatten.Forward(x[0]);
                return new[] { unflatten.Forward(flat) };
            },
        };
        var path = ModuleNetworks.Write(network, directory.File("m.onnx"));

        Assert.That(OnnxVerifier.MaxDifference(network, path), Is.LessThanOrEqualTo(OnnxVerifier.Tolerance));
    }

    [Test]
    public void ParametersAreNamedByModulePath()
    {
        using var generator = new Generator(1);
        using var model = new Sequential(new Linear(3, 2, generator: generator), new Relu(), new Linear(2, 1, generator: generator));
        var graph = new OnnxGraph("m");
        graph.Apply(model, graph.AddInput("x", -1, 3), "net");

        var names = graph.ToModel().Graph.Initializer.Select(i => i.Name);

        Assert.That(names, Is.EqualTo(new[] { "net.0.weight", "net.0.bias", "net.2.weight", "net.2.bias" }));
    }
}

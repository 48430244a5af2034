using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Export;
using Pipeline.Nn;
using Pipeline.Nn.Layers;
using Pipeline.Tensors;
using Pipeline.Tools.Export;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Export;

public class LayerExportTests
{
    [TestCaseSource(typeof(LayerCases), nameof(LayerCases.Source))]
    public void OnnxRuntimeMatchesLibtorch(LayerCase layer)
    {
        using var directory = new TempDirectory();
        using var generator = new Generator(7);
        using var module = layer.Create(generator);
        module.Eval();
        var network = layer.Network(module);
        var path = ModuleNetworks.Write(network, directory.File("m.onnx"));

        var difference = OnnxVerifier.MaxDifference(network, path);

        TestContext.Out.WriteLine($"{layer.Name}: max |ONNX Runtime − libtorch| = {difference:G3}");
        Assert.That(difference, Is.LessThanOrEqualTo(OnnxVerifier.Tolerance));
    }

    [Test]
    public void EveryExportableLayerTypeHasACase()
    {
        var exportable = typeof(Linear).Assembly.GetTypes()
            .Where(t => t.IsPublic && !t.IsAbstract && typeof(Module).IsAssignableFrom(t) && typeof(IOnnxExportable).IsAssignableFrom(t))
            .Select(t => t.Name).ToList();
        using var generator = new Generator(7);
        var covered = LayerCases.All.Select(c =>
        {
            using var module = c.Create(generator);
            return module.GetType().Name;
        }).ToHashSet();

        Assert.That(exportable, Is.Not.Empty);
        Assert.That(exportable, Is.SubsetOf(covered));
    }

    [TestCase(new[] { -1L, 6 }, "Gemm")]
    [TestCase(new[] { -1L, 3, 6 }, "MatMul")]
    public void LinearTakesTheGemmPathOnlyFor2DInputs(long[] inputShape, string opType)
    {
        using var generator = new Generator(7);
        using var linear = new Linear(6, 4, generator: generator);
        var graph = new OnnxGraph("m");
        graph.Apply(linear, graph.AddInput("x", inputShape), "m");

        var ops = graph.ToModel().Graph.Node.Select(n => n.OpType);

        Assert.That(ops, Does.Contain(opType));
        Assert.That(ops, Does.Not.Contain(opType == "Gemm" ? "MatMul" : "Gemm"));
    }
}

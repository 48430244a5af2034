using Google.Protobuf;
using NUnit.Framework;
using Pipeline.Export.Precision;
using Pipeline.Export.Tests.Support;
using Pipeline.Onnx;
using Pipeline.Onnx.Proto;
using Pipeline.Tests.Support;
using DataType = Pipeline.Onnx.Proto.TensorProto.Types.DataType;

namespace Pipeline.Export.Tests.Precision;

public class Float16ConversionTests
{
    [Test]
    public void AConvNetInFloat16KeepsFloat32InputsAndOutputsInHalfTheBytes()
    {
        using var directory = new TempDirectory();
        var model = PrecisionFixtures.ConvNet(directory);

        var half = Float16Conversion.Convert(model);

        Assert.That(half.Graph.Input.Concat(half.Graph.Output).Select(v => v.Type.TensorType.ElemType), Has.All.EqualTo((int)DataType.Float));
        Assert.That(half.Graph.Initializer.Where(i => i.Dims.Count > 1).Select(i => i.DataType), Has.All.EqualTo((int)DataType.Float16));
        Assert.That(PrecisionFixtures.Size(half), Is.LessThan(0.55 * PrecisionFixtures.Size(model)));
        var feed = PrecisionFixtures.Images(1, seed: 5)[0];
        var (want, got) = (PrecisionFixtures.Run(model, feed), PrecisionFixtures.Run(half, feed));
        var scale = want.Max(Math.Abs);
        Assert.That(want.Zip(got, (a, b) => Math.Abs(a - b)).Max(), Is.LessThan(5e-3 * scale).And.GreaterThan(0), "float16 rounding, and only that");
    }

    [Test]
    public void AWeightBeyondTheHalfRangeBecomesTheLargestHalfNotInfinity()
    {
        using var directory = new TempDirectory();
        var model = PrecisionFixtures.ConvNet(directory);
        var weight = model.Graph.Initializer.First(i => i.Dims.Count > 1);
        var values = weight.FloatData.Count > 0 ? weight.FloatData.ToArray() : System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(weight.RawData.Span).ToArray();
        (values[0], values[1]) = (1e6f, -7e4f);
        weight.FloatData.Clear();
        weight.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));

        var half = Float16Conversion.Convert(model).Graph.Initializer.First(i => i.Name == weight.Name + "_fp16");

        var converted = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(half.RawData.Span);
        Assert.That(((float)converted[0], (float)converted[1]), Is.EqualTo((65504f, -65504f)));
    }

    /// <summary>y = x + sin(t·ω) with ω up to 100 and t near 1000, the shape of a diffusion timestep embedding.</summary>
    private static ModelProto Embedding()
    {
        var graph = new GraphProto { Name = "embedding" };
        graph.Input.Add(Float("x", 4));
        graph.Input.Add(Float("t", 1));
        graph.Output.Add(Float("y", 4));
        var omega = new TensorProto { Name = "omega", DataType = (int)DataType.Float };
        omega.Dims.AddRange([1, 4]);
        omega.FloatData.AddRange([1f, 3.3f, 10.7f, 99.1f]);
        graph.Initializer.Add(omega);
        graph.Node.Add(Node("Mul", ["t", "omega"], "phase"));
        graph.Node.Add(Node("Sin", ["phase"], "embedding"));
        graph.Node.Add(Node("Add", ["x", "embedding"], "y"));
        var model = new ModelProto { IrVersion = OnnxModelFile.IrVersion, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxModelFile.Opset });
        return model;

        static ValueInfoProto Float(string name, long width) => new()
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Float, Shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dimension { DimParam = "N" }, new TensorShapeProto.Types.Dimension { DimValue = width } } } } },
        };
        static NodeProto Node(string op, string[] inputs, string output) => new() { OpType = op, Name = output, Input = { inputs }, Output = { output } };
    }

    [Test]
    public void ATimestepKeptInFloat32KeepsItsEmbeddingsPhase()
    {
        var model = Embedding();
        var t = Enumerable.Range(0, 16).Select(i => 984f + i).ToArray();
        var feed = new OnnxFeed([("x", [16, 4], new float[64]), ("t", [16, 1], t)]);

        var kept = OnnxComparison.Difference(model, Float16Conversion.Convert(model, keepFloat32: ["t"]), [feed]);
        var rounded = OnnxComparison.Difference(model, Float16Conversion.Convert(model), [feed]);

        Assert.That(kept.Max, Is.LessThan(2e-3), "only the sum is in float16");
        Assert.That(rounded.Max, Is.GreaterThan(0.1), "t·ω in float16 is off by up to half a unit of 1,000 and more");
    }

    [Test]
    public void TheFloat32PartIsCastToFloat16WhereTheHalfPartReadsIt()
    {
        var half = Float16Conversion.Convert(Embedding(), keepFloat32: ["t"]);

        var add = half.Graph.Node.Single(n => n.OpType == "Add");
        var casts = half.Graph.Node.Where(n => n.OpType == "Cast").ToDictionary(n => n.Output[0]);
        Assert.That(add.Input.Select(i => casts.TryGetValue(i, out var cast) ? cast.Attribute[0].I : -1), Has.All.EqualTo((long)DataType.Float16));
        Assert.That(half.Graph.Node.Single(n => n.OpType == "Sin").Input[0], Is.EqualTo("phase"), "sin(t·ω) is computed in float32");
        Assert.That(half.Graph.Initializer.Single().DataType, Is.EqualTo((int)DataType.Float), "ω is read by the float32 part only");
    }
}

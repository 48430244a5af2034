using NUnit.Framework;
using Pipeline.Export.Precision;
using Pipeline.Export.Tests.Support;
using Pipeline.Onnx.Proto;
using Pipeline.Tests.Support;
using DataType = Pipeline.Onnx.Proto.TensorProto.Types.DataType;

namespace Pipeline.Export.Tests.Precision;

public class QdqQuantizationTests
{
    private static ModelProto Quantized(ModelProto model) =>
        QdqQuantization.Quantize(model, ActivationCalibration.Measure(model, QdqQuantization.TensorsToCalibrate(model), PrecisionFixtures.Images(8, seed: 1)));

    [Test]
    public void AQuantizedConvNetStaysCloseToFloat32InUnderAThirdOfTheBytes()
    {
        using var directory = new TempDirectory();
        var model = PrecisionFixtures.ConvNet(directory);

        var quantized = Quantized(model);

        var feed = PrecisionFixtures.Images(1, seed: 2)[0];     // not among the calibration inputs
        var (want, got) = (PrecisionFixtures.Run(model, feed), PrecisionFixtures.Run(quantized, feed));
        var meanError = want.Zip(got, (a, b) => Math.Abs(a - b)).Average();
        var meanMagnitude = want.Average(Math.Abs);
        Assert.That(meanError, Is.LessThan(0.03 * meanMagnitude), $"mean |Δ| {meanError} against mean |y| {meanMagnitude}");
        Assert.That(PrecisionFixtures.Size(quantized), Is.LessThan(0.3 * PrecisionFixtures.Size(model)));
        Assert.That(quantized.Graph.Node.Count(n => n.OpType == "QuantizeLinear"), Is.EqualTo(5), "the inputs of the three layers (the image, a ReLU's and Flatten's outputs) and the outputs of the two convolutions");
    }

    [Test]
    public void WeightsAreInt8AndBiasesInt32AtTheProductOfScales()
    {
        using var directory = new TempDirectory();
        var quantized = Quantized(PrecisionFixtures.ConvNet(directory));

        var initializers = quantized.Graph.Initializer.ToDictionary(i => i.Name);
        foreach (var node in quantized.Graph.Node.Where(n => n.OpType is "Conv" or "Gemm"))
        {
            var weights = quantized.Graph.Node.Single(n => n.Output[0] == node.Input[1]);
            Assert.That((weights.OpType, initializers[weights.Input[0]].DataType), Is.EqualTo(("DequantizeLinear", (int)DataType.Int8)));
            var bias = quantized.Graph.Node.Single(n => n.Output[0] == node.Input[2]);
            Assert.That(initializers[bias.Input[0]].DataType, Is.EqualTo((int)DataType.Int32));
        }
        Assert.That(initializers.Values.Where(i => i.DataType == (int)DataType.Float && i.Dims.Count > 1), Is.Empty, "no float weights left");
    }

    [Test]
    public void OnnxRuntimeRunsTheConvolutionsAsIntegerKernels()
    {
        using var directory = new TempDirectory();
        var quantized = Quantized(PrecisionFixtures.ConvNet(directory));
        var optimized = directory.File("optimized.onnx");

        PrecisionFixtures.Run(quantized, PrecisionFixtures.Images(1, seed: 3)[0], optimized);

        var operators = OnnxFile.Read(optimized).Graph.Node.Select(n => n.OpType).ToList();
        Assert.That(operators, Does.Contain("QLinearConv"), string.Join(", ", operators));
        Assert.That(operators, Does.Not.Contain("Conv"));
    }

    [Test]
    public void TheGraphOutputStaysFloat32AndUnquantized()
    {
        using var directory = new TempDirectory();
        var model = PrecisionFixtures.ConvNet(directory);
        var gemm = model.Graph.Node.Single(n => n.OpType == "Gemm").Output[0];    // the graph's output through an Identity

        Assert.That(QdqQuantization.TensorsToCalibrate(model), Does.Not.Contain(gemm));
        var quantized = Quantized(model);
        Assert.That(quantized.Graph.Node.Where(n => n.OpType == "QuantizeLinear" && n.Input[0] == gemm), Is.Empty, "nothing quantizes the output");
        Assert.That(quantized.Graph.Output[0].Type.TensorType.ElemType, Is.EqualTo((int)DataType.Float));
    }

    [Test]
    public void AMissingRangeNamesTheTensorAndTheFix()
    {
        using var directory = new TempDirectory();
        var model = PrecisionFixtures.ConvNet(directory);

        Assert.That(() => QdqQuantization.Quantize(model, new Dictionary<string, TensorRange>()),
            Throws.ArgumentException.With.Message.Contains("'image'").And.Message.Contains("ActivationCalibration.Measure"));
    }

    [Test]
    public void CalibrationMeasuresTheRangeEachTensorTook()
    {
        using var directory = new TempDirectory();
        var model = PrecisionFixtures.ConvNet(directory);
        var feeds = PrecisionFixtures.Images(3, seed: 4);
        var tensors = QdqQuantization.TensorsToCalibrate(model);

        var ranges = ActivationCalibration.Measure(model, tensors, feeds);

        var values = feeds.SelectMany(f => f.Inputs[0].Values).ToList();
        Assert.That(ranges["image"], Is.EqualTo(new TensorRange(values.Min(), values.Max())));
        var relu = model.Graph.Node.First(n => n.OpType == "Relu").Output[0];
        Assert.That(ranges[relu].Min, Is.EqualTo(0f), "a ReLU's output is never negative, and some of it is 0");
        Assert.That(() => ActivationCalibration.Measure(model, tensors, []), Throws.ArgumentException.With.Message.Contains("no calibration feeds"));
    }

    [Test]
    public void AConvolutionOfAConstantIsLeftToOnnxRuntimesConstantFolding()
    {
        // RealNVP's couplings feed their mask to a convolution as an extra input: an initializer, not an activation.
        using var directory = new TempDirectory();
        var model = PrecisionFixtures.ConvNet(directory);
        var graph = model.Graph;
        var first = graph.Node.First(n => n.OpType == "Conv");
        var mask = new TensorProto { Name = "mask", DataType = (int)DataType.Float, Dims = { 1, 1, 8, 8 } };
        mask.FloatData.AddRange(Enumerable.Range(0, 64).Select(i => (float)((i + i / 8) % 2)));
        graph.Initializer.Add(mask);
        var maskConv = first.Clone();
        (maskConv.Name, maskConv.Input[0], maskConv.Output[0]) = ("mask_conv", "mask", "mask_features");
        maskConv.Input.RemoveAt(2);
        var relu = graph.Node.First(n => n.OpType == "Relu");
        var sum = new NodeProto { OpType = "Add", Name = "with_mask", Input = { first.Output[0], "mask_features" }, Output = { "with_mask" } };
        relu.Input[0] = "with_mask";
        graph.Node.Insert(graph.Node.IndexOf(relu), maskConv);
        graph.Node.Insert(graph.Node.IndexOf(relu), sum);

        Assert.That(QdqQuantization.TensorsToCalibrate(model), Does.Not.Contain("mask").And.Not.Contain("mask_features"));
        var quantized = Quantized(model);
        var feed = PrecisionFixtures.Images(1, seed: 6)[0];
        Assert.That(PrecisionFixtures.Run(quantized, feed), Has.Length.EqualTo(PrecisionFixtures.Run(model, feed).Length), "the quantized graph loads and runs");
    }
}

using Microsoft.ML.OnnxRuntime;
using Pipeline.Export.Precision;
using Pipeline.Onnx.Proto;
using Pipeline.Tests.Support;
using TorchSharp;
using static TorchSharp.torch.nn;

namespace Pipeline.Export.Tests.Support;

/// <summary>A small exported conv net, its random inputs, and ONNX Runtime runs of a graph held in memory.</summary>
internal static class PrecisionFixtures
{
    /// <summary>Conv → ReLU → Conv → ReLU → Flatten → Linear, exported with its input "image" [N, 1, 8, 8].</summary>
    public static ModelProto ConvNet(TempDirectory directory)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(11);
        var model = Sequential(Conv2d(1, 32, 3, padding: 1), ReLU(), Conv2d(32, 64, 3, stride: 2, padding: 1), ReLU(), Flatten(), Linear(64 * 4 * 4, 32));
        var path = directory.File("convnet.onnx");
        OnnxExporter.Export(model, [torch.randn(2, 1, 8, 8)], path, new OnnxExportOptions { InputNames = ["image"] });
        return OnnxFile.Read(path);
    }

    /// <summary><paramref name="count"/> feeds of 16 images with values from a seeded N(0.5, 0.5²).</summary>
    public static List<OnnxFeed> Images(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var values = Enumerable.Range(0, 16 * 64).Select(_ => (float)(0.5 + 0.5 * (random.NextDouble() * 2 - 1) * Math.Sqrt(3))).ToArray();
            return new OnnxFeed([("image", [16, 1, 8, 8], values)]);
        }).ToList();
    }

    /// <summary>The graph's first output on <paramref name="feed"/>.</summary>
    public static float[] Run(ModelProto model, OnnxFeed feed, string? optimizedPath = null)
    {
        using var options = new SessionOptions();
        if (optimizedPath is not null) options.OptimizedModelFilePath = optimizedPath;
        using var session = new InferenceSession(Google.Protobuf.MessageExtensions.ToByteArray(model), options);
        using var runOptions = new RunOptions();
        using var outputs = feed.Run(session, runOptions, [session.OutputNames[0]]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public static long Size(ModelProto model) => Google.Protobuf.MessageExtensions.ToByteArray(model).LongLength;
}

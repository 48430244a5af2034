using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Packages;

namespace Pipeline.Runtime.Tests.Support;

/// <summary>
/// A diffusion package with a hand-built denoiser, ε̂ = A·sample + C·timestep + label·W (W is [K, D]; the null label adds 0),
/// and for latent diffusion a decoder image = sigmoid(latent·V): small enough to run 1000 steps in milliseconds, and
/// computed again here in C# (<see cref="Epsilon"/>, <see cref="Decode"/>) to check the runtime's loop.
/// </summary>
public sealed record ToyDiffusion
{
    public const float A = 0.5f;
    public const float C = 1e-4f;

    public ModelFamily Family { get; init; } = ModelFamily.Diffusion;
    public long[] SampleShape { get; init; } = [1, 4, 4];
    public ImageSpec Image { get; init; } = new(1, 4, 4, PixelScaling.MinusOneOne);
    public int ClassCount { get; init; }
    public int Timesteps { get; init; } = 1000;
    public bool ClipSample { get; init; }
    public double GuidanceScale { get; init; } = 3.0;
    public double LatentScale { get; init; } = 1.0;

    public int SampleSize => (int)SampleShape.Aggregate(1L, (a, d) => a * d);

    /// <summary>W, [K, D]: distinct values per class and position.</summary>
    public float[] LabelWeights => Enumerable.Range(0, ClassCount * SampleSize)
        .Select(i => 0.25f * MathF.Sin(1.7f * i + 0.3f) + 0.1f * (i / SampleSize + 1)).ToArray();

    /// <summary>V, [Z, C·H·W].</summary>
    public float[] DecoderWeights => Enumerable.Range(0, SampleSize * Image.PixelsPerImage).Select(i => 0.8f * MathF.Cos(0.9f * i)).ToArray();

    public DiffusionSpec Spec => new()
    {
        Timesteps = Timesteps,
        Betas = BetaSchedules.Linear(Timesteps, 1e-4, 0.02),
        SampleShape = SampleShape,
        ClipSample = ClipSample,
        GuidanceScale = GuidanceScale,
        LatentScale = LatentScale,
    };

    public ModelManifest Manifest()
    {
        var batch = SampleShape.Prepend(-1L).ToArray();
        var inputs = new List<TensorSpec> { new("sample", batch), new("timestep", [-1]) };
        if (ClassCount > 0) inputs.Add(new TensorSpec("label", [-1, ClassCount]));
        var networks = new Dictionary<string, NetworkManifest> { ["denoiser"] = new("denoiser.onnx", inputs, [new TensorSpec("epsilon", batch)]) };
        if (Family == ModelFamily.LatentDiffusion)
            networks["decoder"] = new NetworkManifest("decoder.onnx", [new TensorSpec("latent", batch)],
                [new TensorSpec("image", [-1, Image.Channels, Image.Height, Image.Width])]);
        return new ModelManifest
        {
            Name = "toy-" + PackageReader.Name(Family),
            Family = Family,
            Kind = "toy-denoiser",
            Opset = 17,
            Image = Image,
            Diffusion = Spec,
            Classes = ClassCount > 0 ? new ClassSpec(ClassCount, Enumerable.Range(0, ClassCount).Select(c => $"class {c}").ToList()) : null,
            Networks = networks,
        };
    }

    /// <summary>Writes denoiser.onnx (and decoder.onnx) and <paramref name="manifest"/> (or <see cref="Manifest()"/>) into <paramref name="directory"/>.</summary>
    public string Write(string directory, ModelManifest? manifest = null)
    {
        Directory.CreateDirectory(directory);
        WriteDenoiser(Path.Combine(directory, "denoiser.onnx"));
        if (Family == ModelFamily.LatentDiffusion) WriteDecoder(Path.Combine(directory, "decoder.onnx"));
        File.WriteAllText(Path.Combine(directory, ManifestJson.FileName), ManifestJson.Serialize(manifest ?? Manifest()));
        return directory;
    }

    /// <summary>ε̂ of one item, in the graph's order of float operations: ((A·x) + (C·t)) + W[label].</summary>
    public void Epsilon(ReadOnlySpan<float> x, int t, int? label, Span<float> epsilon)
    {
        var weights = label is { } c ? LabelWeights.AsSpan(c * SampleSize, SampleSize) : default;
        for (var j = 0; j < x.Length; j++)
        {
            var value = A * x[j] + C * (float)t;
            epsilon[j] = label is null ? value : value + weights[j];
        }
    }

    /// <summary>sigmoid(z·V) for one code.</summary>
    public float[] Decode(ReadOnlySpan<float> z)
    {
        var pixels = new float[Image.PixelsPerImage];
        var v = DecoderWeights;
        for (var p = 0; p < pixels.Length; p++)
        {
            double sum = 0;
            for (var k = 0; k < z.Length; k++) sum += z[k] * (double)v[k * pixels.Length + p];
            pixels[p] = (float)(1 / (1 + Math.Exp(-sum)));
        }
        return pixels;
    }

    private void WriteDenoiser(string path)
    {
        var graph = new OnnxToyGraph("toy_denoiser");
        var batch = SampleShape.Prepend(-1L).ToArray();
        graph.Input("sample", batch);
        graph.Input("timestep", -1);
        var scaled = graph.Node("Mul", "scaled", "sample", graph.Floats("a", [A]));
        var column = graph.Node("Reshape", "t_column", "timestep", graph.Int64s("t_shape", SampleShape.Select(_ => 1L).Prepend(-1L).ToArray()));
        var time = graph.Node("Mul", "t_term", column, graph.Floats("c", [C]));
        var sum = graph.Node("Add", ClassCount > 0 ? "x_and_t" : "epsilon", scaled, time);
        if (ClassCount > 0)
        {
            graph.Input("label", -1, ClassCount);
            var projected = graph.Node("MatMul", "label_rows", "label", graph.Floats("w", LabelWeights, ClassCount, SampleSize));
            var shaped = graph.Node("Reshape", "label_term", projected, graph.Int64s("sample_shape", batch));
            graph.Node("Add", "epsilon", sum, shaped);
        }
        graph.Output("epsilon", batch);
        graph.Write(path);
    }

    private void WriteDecoder(string path)
    {
        var graph = new OnnxToyGraph("toy_decoder");
        graph.Input("latent", -1, SampleSize);
        var logits = graph.Node("MatMul", "logits", "latent", graph.Floats("v", DecoderWeights, SampleSize, Image.PixelsPerImage));
        var shaped = graph.Node("Reshape", "logits_image", logits, graph.Int64s("image_shape", -1, Image.Channels, Image.Height, Image.Width));
        graph.Node("Sigmoid", "image", shaped);
        graph.Output("image", -1, Image.Channels, Image.Height, Image.Width);
        graph.Write(path);
    }
}

using System.Collections.Concurrent;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Randomness;
using Pipeline.Runtime.Sessions;

namespace Pipeline.Runtime.Flows;

/// <summary>
/// Normalizing-flow packages (RealNVP, seed 003 §III): sampling inverts the flow in C#, z ~ N(0, T²I) → x = h⁻¹(z)
/// (<see cref="FlowPass.Generate"/>, then the inverse logit transform for images); <see cref="LogDensity"/> runs it forwards
/// for the exact log p(x) = log N(h(x); 0, I) + log|det J_h(x)|, and <see cref="BitsPerDim"/> gives that of 8-bit images.
/// Thread-safe: a call takes the pass of its batch size an earlier call left (or binds a new one) and puts it back when done,
/// so repeated calls bind nothing and threads never share a pass.
/// </summary>
public sealed class FlowModel : IGenerativeModel
{
    private readonly Dictionary<string, NetworkRunner> networks = new();
    private readonly ConcurrentDictionary<int, FlowPass> idlePasses = new();     // one bound pass kept per batch size

    /// <summary>Loads the package's conditioner networks (use <see cref="ModelPackage.Open"/>); checks the flow contract.</summary>
    public FlowModel(string directory, ModelManifest manifest, RuntimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Family != ModelFamily.Flow)
            throw new PackageException($"{PackageReader.WithArticle(manifest.Family)} package is not a flow");
        FlowManifestRules.Check(manifest, Path.Combine(directory, ManifestJson.FileName));
        Manifest = manifest;
        Spec = manifest.Flow!;
        options ??= new RuntimeOptions();
        try
        {
            foreach (var role in Spec.Steps.Where(s => s.Kind == FlowStepKind.Coupling).Select(s => s.Network!).Distinct())
                networks[role] = new NetworkRunner(directory, role, manifest.Networks[role], options);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The package's manifest.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The manifest's flow section.</summary>
    public FlowSpec Spec { get; }

    /// <summary>The execution provider the networks run on.</summary>
    public ExecutionProvider Provider => networks.Values.First().Provider;

    /// <summary><paramref name="count"/> samples at temperature 1 (a flow takes no class).</summary>
    public ImageBatch Sample(int count, long seed, int? label = null)
    {
        ClassLabels.For(Manifest, count, label);
        return Sample(count, seed, new FlowSamplingOptions());
    }

    /// <summary>
    /// <paramref name="count"/> samples: z ~ N(0, T²I) drawn from <paramref name="seed"/> item after item (so a sample does not depend
    /// on the batch size), inverted in chunks of <see cref="FlowSamplingOptions.BatchSize"/>; images come back as intensities in [0, 1],
    /// points as they are. <paramref name="progress"/> gets the items done.
    /// </summary>
    public ImageBatch Sample(int count, long seed, FlowSamplingOptions? options, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ImageBatch.CheckCount(count, Manifest.Image);
        var data = new float[count * Spec.Dimensions];
        Sample(data, seed, options, progress, cancellationToken);
        var image = Manifest.Image;
        return new ImageBatch(count, image.Channels, image.Height, image.Width, data);
    }

    /// <summary>
    /// The samples of <see cref="Sample(int, long, FlowSamplingOptions?, IProgress{int}?, CancellationToken)"/>, as many as
    /// <paramref name="destination"/> holds (D values each, item after item), written into it instead of a new array: an app
    /// that generates every frame reuses one buffer. A new array of a batch's size is fresh memory from the operating
    /// system, whose first touch cost a batch-64 RealNVP sample 0.5–0.9 ms here, 2–4% of its networks' time.
    /// </summary>
    public void Sample(Span<float> destination, long seed, FlowSamplingOptions? options = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var d = Spec.Dimensions;
        if (destination.IsEmpty || destination.Length % d != 0)
            throw new ArgumentException($"the destination holds {destination.Length} values; pass room for a whole number of samples, {d} values each", nameof(destination));
        options ??= new FlowSamplingOptions();
        options.Validate();
        var random = new SeededRandom(unchecked((ulong)seed));
        var temperature = (float)options.Temperature;
        InChunks(destination.Length / d, options.BatchSize, destination, (pass, start, n, data) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The chunk's z, the seed's one stream continued item after item, in the pass's own buffer.
            var z = pass.Noise[..(n * d)];
            random.FillNormal(z);
            if (temperature != 1) VectorMath.MultiplyAdd(z, temperature, 0);   // z ← T·z
            var y = pass.Generate(z);
            var values = data.Slice(start * d, n * d);
            if (Spec.Input == FlowInput.Pixels)
            {
                // x = (σ(y) − α)/(1 − 2α), in a pass that also says whether x holds a NaN; only then is it searched for.
                if (!VectorMath.InverseLogit(y, values, (float)Spec.LogitAlpha)) CheckFinite(values, start, d);
            }
            else
            {
                y.CopyTo(values);
                CheckFinite(values, start, d);
            }
            progress?.Report(start + n);
        });
    }

    /// <summary>
    /// The generated values are finite numbers; otherwise a coupling network gave NaN or a scale whose exponential
    /// overflowed (a broken checkpoint), and sampling stops rather than save NaN pixels as black.
    /// </summary>
    private void CheckFinite(ReadOnlySpan<float> values, int firstItem, int dimensions)
    {
        var bad = 0;
        while (bad < values.Length && float.IsFinite(values[bad])) bad++;
        if (bad == values.Length) return;
        throw new PackageException($"{Manifest.Name} generated {values[bad]} at item {firstItem + bad / dimensions}, value {bad % dimensions}: its coupling networks " +
            "give NaN or scales whose exponential overflows. Export the package again from a good checkpoint (tools/pipeline export).");
    }

    /// <summary>
    /// log p(x) in nats of <paramref name="count"/> data [N, D]: dequantized intensities in [0, 1) (images: the density on [0, 1)^D,
    /// counting the logit transform's Jacobian) or points.
    /// </summary>
    public double[] LogDensity(ReadOnlySpan<float> data, int count) => Forward(data, count).LogDensity;

    /// <summary>z = h(x) [N, D] of <paramref name="count"/> data (as <see cref="LogDensity"/> takes them): the split-off parts, then the rest.</summary>
    public float[] Encode(ReadOnlySpan<float> data, int count) => Forward(data, count).Z;

    private (float[] Z, double[] LogDensity) Forward(ReadOnlySpan<float> data, int count)
    {
        var d = Spec.Dimensions;
        if (count < 1 || data.Length != count * d) throw new ArgumentException($"{count} data of {d} values need {count * d} values, got {data.Length}", nameof(data));
        var y = data.ToArray();
        if (y.Any(v => !float.IsFinite(v))) throw new ArgumentException("the data hold a value that is not a finite number", nameof(data));
        var logDensity = new double[count];
        if (Spec.Input == FlowInput.Pixels)
        {
            if (y.Any(v => v is < 0 or > 1)) throw new ArgumentException("image flows take dequantized intensities in [0, 1)", nameof(data));
            Logit(y, logDensity);
        }
        var z = new float[count * d];
        InChunks(count, FlowSamplingOptions.DefaultChunk, z, (pass, start, n, z) => pass.Normalize(y.AsSpan(start * d, n * d), z.Slice(start * d, n * d), logDensity.AsSpan(start, n)));
        var constant = -0.5 * d * Math.Log(2 * Math.PI);
        for (var i = 0; i < count; i++)
        {
            double squares = 0;
            foreach (var v in z.AsSpan(i * d, d)) squares += (double)v * v;
            logDensity[i] += constant - 0.5 * squares;                  // log N(z; 0, I) + log|det J_h|
        }
        return (z, logDensity);
    }

    /// <summary>
    /// Bits per dimension of 8-bit images (intensities v/255): each dequantized once, x = (v + u)/256 with u ~ U[0, 1) from
    /// <paramref name="seed"/>, then −(log p(x) − D ln 256)/(D ln 2).
    /// </summary>
    public double[] BitsPerDim(ImageBatch images, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (Spec.Input != FlowInput.Pixels) throw new InvalidOperationException($"{Manifest.Name} models points: bits per dimension are the figure of image flows (use LogDensity)");
        var image = Manifest.Image;
        if (images.Channels != image.Channels || images.Height != image.Height || images.Width != image.Width)
            throw new ArgumentException($"pass images of {image.Channels}×{image.Height}×{image.Width}; got {images.Channels}×{images.Height}×{images.Width}", nameof(images));
        images.CheckFinite("flow input");
        var d = Spec.Dimensions;
        var x = images.Dequantized(new SeededRandom(unchecked((ulong)seed))).Pixels;
        return LogDensity(x, images.Count).Select(l => -(l - d * Math.Log(256)) / (d * Math.Log(2))).ToArray();
    }

    /// <summary>Releases the ONNX Runtime sessions.</summary>
    public void Dispose()
    {
        foreach (var pass in idlePasses.Values) pass.Dispose();
        idlePasses.Clear();
        foreach (var network in networks.Values) network.Dispose();
    }

    /// <summary>One chunk's work: its pass, first item and items, and the call's output (which a lambda cannot capture).</summary>
    private delegate void ChunkBody(FlowPass pass, int start, int n, Span<float> output);

    /// <summary>Runs <paramref name="body"/> over <paramref name="count"/> items, in chunks of <paramref name="batchSize"/>.</summary>
    private void InChunks(int count, int batchSize, Span<float> output, ChunkBody body)
    {
        FlowPass? pass = null;
        try
        {
            for (var start = 0; start < count; start += batchSize)
            {
                var n = Math.Min(batchSize, count - start);
                if (pass?.Batch != n)
                {
                    if (pass is not null) Return(pass);
                    pass = null;                            // not returned twice if binding the next one throws
                    pass = idlePasses.TryRemove(n, out var idle) ? idle : new FlowPass(Spec, networks, n);
                }
                body(pass, start, n, output);
            }
        }
        finally
        {
            if (pass is not null) Return(pass);
        }
    }

    /// <summary>Keeps <paramref name="pass"/> for the next call of its batch size, or disposes it when one is kept already.</summary>
    private void Return(FlowPass pass)
    {
        if (!idlePasses.TryAdd(pass.Batch, pass)) pass.Dispose();
    }

    /// <summary>x → y = logit(p), p = α + (1 − 2α)x, in place; adds log|dy/dx| = Σ log(1 − 2α) − log p − log(1 − p) per item.</summary>
    private void Logit(float[] x, double[] logDet)
    {
        var (alpha, d) = (Spec.LogitAlpha, Spec.Dimensions);
        var logScale = Math.Log(1 - 2 * alpha);
        for (var i = 0; i < logDet.Length; i++)
        {
            double sum = 0;
            for (var k = i * d; k < (i + 1) * d; k++)
            {
                var p = alpha + (1 - 2 * alpha) * x[k];
                var (logP, logQ) = (Math.Log(p), Math.Log(1 - p));
                x[k] = (float)(logP - logQ);
                sum += logScale - logP - logQ;
            }
            logDet[i] += sum;
        }
    }
}

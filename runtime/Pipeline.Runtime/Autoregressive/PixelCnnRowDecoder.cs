using System.Runtime.CompilerServices;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Sessions;
using Contract = Pipeline.Onnx.RowPixelCnnContract;
using Rules = Pipeline.Runtime.Packages.AutoregressiveManifestRules;

namespace Pipeline.Runtime.Autoregressive;

/// <summary>
/// PixelCNN's row form (<see cref="IncrementalDecoding.RowPixelCnn"/>), raster order. Each cached layer (the grid, then
/// each block's masked-convolution input) keeps a ring of p + 1 zero-padded rows, laid out [slot, W + 2p, N, C]: a pixel's
/// values for the whole batch, [N, C], are contiguous, and so are a row's pixels from any column on. At the start of an
/// image row the "rows" network runs once on the p rows above it, each tap bound to a ring row shifted by j pixels
/// ([W·N, C] from padded column j), and writes each layer's part from them for every pixel of the row ([W·N, out]). Each
/// pixel's "step" then reads that part at its column, and the p pixels left of it in each ring, in place; it writes the
/// layers' inputs at the pixel (the centres) into the rings itself. Nothing is copied per pixel but the drawn values.
/// </summary>
/// <remarks>
/// Padded row ρ is in slot ρ mod (p + 1). The image row r is padded row r + p: its slot held row r − 1 − p, which no
/// network reads any more, and its pixels are read only left of the pixel being drawn, which this row has written. The
/// padding columns are never written, so they stay zero. Which slot each tap and each left pixel reads depends on r only
/// through r mod (p + 1), so the bindings are made once for each phase r mod L (L the least common multiple of the
/// layers' p + 1) and each column: a step picks its binding and runs.
/// </remarks>
internal sealed class PixelCnnRowDecoder : PositionDecoder
{
    private readonly CachedLayerSpec[] layers;
    private readonly float[][] rings;           // per layer: [p + 1, W + 2p, N, C]
    private readonly BoundNetwork[] rowNetworks;    // per phase
    private readonly BoundNetwork[] stepNetworks;   // per phase and column: [L, W]
    private readonly float[] logits;            // [N, K]
    private readonly float[]? labels;           // [N, classes]
    private readonly int width, phases;
    private readonly bool oneHot;

    public PixelCnnRowDecoder(OnnxSession rows, NetworkManifest rowsNetwork, OnnxSession step, AutoregressiveSpec spec, int classes, int batchSize, float[] values)
        : base(batchSize, spec.Positions, spec.Categories, Enumerable.Range(0, spec.Positions).ToArray(), values)
    {
        width = (int)spec.GridShape[2];
        layers = spec.CachedLayers!.ToArray();
        oneHot = spec.OneHotInput;
        rings = layers.Select(l => new float[Slots(l) * Padded(l) * batchSize * l.Channels]).ToArray();
        var aboveChannels = layers.Select((_, l) => (int)rowsNetwork.Outputs.Single(o => o.Name == Contract.Above(l)).Shape[1]).ToArray();
        var above = aboveChannels.Select(a => new float[width * batchSize * a]).ToArray();      // per layer: [W, N, out]
        logits = new float[batchSize * spec.Categories];
        labels = classes > 0 ? new float[batchSize * classes] : null;
        phases = layers.Select(Slots).Aggregate(1, (a, b) => a / Gcd(a, b) * b);
        var (rowBindings, stepBindings) = (new List<BoundNetwork>(), new List<BoundNetwork>());
        try
        {
            for (var phase = 0; phase < phases; phase++) rowBindings.Add(RowsNetwork(rows, phase));
            for (var phase = 0; phase < phases; phase++)
                for (var column = 0; column < width; column++) stepBindings.Add(StepNetwork(step, phase, column));
        }
        catch
        {
            foreach (var network in rowBindings.Concat(stepBindings)) network.Dispose();
            throw;
        }
        (rowNetworks, stepNetworks) = (rowBindings.ToArray(), stepBindings.ToArray());

        // Image row r ≡ phase (mod L) reads padded rows r..r + p − 1 above it: tap (i, j) is padded row r + i from column j on.
        BoundNetwork RowsNetwork(OnnxSession session, int phase) => BoundNetwork.OverViews(session,
            layers.SelectMany((layer, l) => Contract.Taps(l, layer.Kernel).Select(t => View(t.Name, l, Slot(l, phase + t.Row), t.Column, width))),
            layers.Select((_, l) => (Contract.Above(l), new long[] { width * batchSize, aboveChannels[l] }, above[l].AsMemory())));

        BoundNetwork StepNetwork(OnnxSession session, int phase, int column)
        {
            // Image row r ≡ phase (mod L) is padded row r + p of each ring.
            var inputs = layers.Select((_, l) => (Contract.Above(l), new long[] { batchSize, aboveChannels[l] }, above[l].AsMemory(column * batchSize * aboveChannels[l], batchSize * aboveChannels[l])))
                .Concat(layers.SelectMany((layer, l) => Contract.LeftPixels(l, layer.Kernel).Select(t => View(t.Name, l, Slot(l, phase + layer.Kernel / 2), column + t.Column, 1))))
                .ToList();
            if (labels is not null) inputs.Add((Rules.Label, [batchSize, classes], labels.AsMemory()));
            var outputs = layers.Skip(1).Select((layer, b) => View(Contract.Centre(b + 1), b + 1, Slot(b + 1, phase + layer.Kernel / 2), column + layer.Kernel / 2, 1))
                .Prepend((Rules.Logits, new long[] { batchSize, spec.Categories }, logits.AsMemory()));
            return BoundNetwork.OverViews(session, inputs, outputs);
        }
    }

    public override void Reset(ReadOnlySpan<int> labels)
    {
        foreach (var ring in rings) Array.Clear(ring);
        WriteOneHot(this.labels, labels);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override ReadOnlySpan<float> Logits(int step)
    {
        var (row, column) = (step / width, step % width);
        var phase = row % phases;
        if (column == 0) rowNetworks[phase].Run();
        stepNetworks[phase * width + column].Run();
        return logits;
    }

    /// <summary>The drawn values into the grid's ring at the pixel (the step wrote the other layers' there).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Commit(int step, ReadOnlySpan<int> drawn)
    {
        var (row, column) = (step / width, step % width);
        var (layer, p) = (layers[0], layers[0].Kernel / 2);
        var pixel = rings[0].AsSpan(Offset(0, Slot(0, row + p), column + p), BatchSize * layer.Channels);     // [N, C]
        if (oneHot)
            for (var n = 0; n < BatchSize; n++) MoveOneHot(pixel.Slice(n * layer.Channels, layer.Channels), n, step, Slots(layer), width, drawn[n]);
        else
            for (var n = 0; n < BatchSize; n++) pixel[n] = drawn[n];
    }

    public override void Dispose()
    {
        foreach (var network in rowNetworks.Concat(stepNetworks)) network.Dispose();
    }

    /// <summary>Layer <paramref name="l"/>'s ring from padded column <paramref name="column"/> of <paramref name="slot"/>, <paramref name="pixels"/> pixels long: [pixels·N, C].</summary>
    private (string, long[], Memory<float>) View(string name, int l, int slot, int column, int pixels) =>
        (name, [pixels * BatchSize, layers[l].Channels], rings[l].AsMemory(Offset(l, slot, column), pixels * BatchSize * layers[l].Channels));

    /// <summary>The ring slot of padded row <paramref name="paddedRow"/> of layer <paramref name="l"/>.</summary>
    private int Slot(int l, int paddedRow) => paddedRow % Slots(layers[l]);

    /// <summary>Where pixel (<paramref name="slot"/>, padded <paramref name="column"/>) of layer <paramref name="l"/>'s ring starts.</summary>
    private int Offset(int l, int slot, int column) => (slot * Padded(layers[l]) + column) * BatchSize * layers[l].Channels;

    /// <summary>A layer's ring rows, p + 1: the p rows above the image row being drawn, and that row.</summary>
    private static int Slots(CachedLayerSpec layer) => layer.Kernel / 2 + 1;

    /// <summary>The padded width of a layer's rows, W + k − 1.</summary>
    private int Padded(CachedLayerSpec layer) => width + layer.Kernel - 1;

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}

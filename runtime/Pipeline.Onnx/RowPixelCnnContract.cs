namespace Pipeline.Onnx;

/// <summary>
/// The tensor names of a PixelCNN package's row form ("row_pixel_cnn"): its "rows" and "step" networks, layer l
/// counting the cached layers from 0 (the grid itself). Every tensor is [M, channels], one row per (pixel, item).
/// </summary>
public static class RowPixelCnnContract
{
    /// <summary>The network run once per image row, on the rows above it.</summary>
    public const string Rows = "rows";

    /// <summary>"rows" input: layer l's input p − i rows above the pixel and j − p columns right of it [M, C] (i &lt; p = k/2, j &lt; k).</summary>
    public static string Tap(int layer, int row, int column) => $"tap_{layer}_{row}_{column}";

    /// <summary>"rows" output and "step" input: layer l's masked convolution at the pixel from the rows above, with its bias [M, out].</summary>
    public static string Above(int layer) => $"above_{layer}";

    /// <summary>"step" input: layer l's input p − j columns left of the pixel, in its row [N, C] (j &lt; p).</summary>
    public static string Left(int layer, int column) => $"left_{layer}_{column}";

    /// <summary>
    /// Layer <paramref name="layer"/>'s taps for a k×k kernel in the rows network's input order, row i &lt; p after row,
    /// column j &lt; k within a row: the order of its weights' columns, (i, j, channel).
    /// </summary>
    public static IEnumerable<(string Name, int Row, int Column)> Taps(int layer, int kernel) =>
        from i in Enumerable.Range(0, kernel / 2) from j in Enumerable.Range(0, kernel) select (Tap(layer, i, j), i, j);

    /// <summary>Layer <paramref name="layer"/>'s left pixels for a k×k kernel in the step network's input order, column j &lt; p.</summary>
    public static IEnumerable<(string Name, int Column)> LeftPixels(int layer, int kernel) =>
        Enumerable.Range(0, kernel / 2).Select(j => (Left(layer, j), j));

    /// <summary>"step" output: layer l's input at the pixel [N, C] (l ≥ 1; layer 0's is the drawn value).</summary>
    public static string Centre(int layer) => $"centre_{layer}";
}

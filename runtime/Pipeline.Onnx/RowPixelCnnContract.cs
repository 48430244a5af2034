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

    /// <summary>"step" output: layer l's input at the pixel [N, C] (l ≥ 1; layer 0's is the drawn value).</summary>
    public static string Centre(int layer) => $"centre_{layer}";
}

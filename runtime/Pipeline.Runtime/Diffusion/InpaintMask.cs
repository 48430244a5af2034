namespace Pipeline.Runtime.Diffusion;

/// <summary>Masks for <c>DiffusionModel.Inpaint</c>: one value per pixel, true where the pixel is known.</summary>
public static class InpaintMask
{
    /// <summary>
    /// A mask of <paramref name="channels"/>×<paramref name="height"/>×<paramref name="width"/> that hides <paramref name="region"/>
    /// (false there, true elsewhere), shared by every image of a batch.
    /// </summary>
    public static bool[] Hiding(MaskRegion region, int channels, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 2);
        if (!Enum.IsDefined(region)) throw new ArgumentOutOfRangeException(nameof(region), region, "use BottomHalf, TopHalf, LeftHalf, RightHalf or Center");
        var mask = new bool[channels * height * width];
        for (var c = 0; c < channels; c++)
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                    mask[(c * height + y) * width + x] = !Hides(region, y, x, height, width);
        return mask;
    }

    private static bool Hides(MaskRegion region, int y, int x, int height, int width) => region switch
    {
        MaskRegion.BottomHalf => y >= height / 2,
        MaskRegion.TopHalf => y < height / 2,
        MaskRegion.LeftHalf => x < width / 2,
        MaskRegion.RightHalf => x >= width / 2,
        _ => y >= height / 4 && y < height / 4 + height / 2 && x >= width / 4 && x < width / 4 + width / 2,
    };
}

namespace Pipeline.Data.Attributes;

/// <summary>
/// Zhang–Suen thinning (Zhang and Suen 1984): peels a binary mask, in two alternating sub-iterations, of the boundary
/// pixels whose removal keeps its connectivity, until nothing changes; what is left is one pixel wide.
/// </summary>
public static class Skeleton
{
    /// <summary>The skeleton of <paramref name="mask"/> (row-major, <paramref name="height"/> × <paramref name="width"/>), as a new mask.</summary>
    public static bool[] Thin(ReadOnlySpan<bool> mask, int height, int width)
    {
        if (mask.Length != height * width) throw new ArgumentException($"a {height}×{width} mask has {height * width} values, got {mask.Length}");
        var image = mask.ToArray();
        var remove = new List<int>();
        bool changed;
        do
        {
            changed = false;
            for (var pass = 0; pass < 2; pass++)
            {
                remove.Clear();
                for (var r = 0; r < height; r++)
                    for (var c = 0; c < width; c++)
                        if (image[r * width + c] && Removable(image, height, width, r, c, pass)) remove.Add(r * width + c);
                foreach (var index in remove) image[index] = false;
                changed |= remove.Count > 0;
            }
        }
        while (changed);
        return image;
    }

    /// <summary>
    /// The pixel's neighbours P2..P9 clockwise from the one above: 2 ≤ B ≤ 6 set neighbours, A = 1 transition 0 → 1 around
    /// them, and P2·P4·P6 = 0, P4·P6·P8 = 0 (first sub-iteration) or P2·P4·P8 = 0, P2·P6·P8 = 0 (second).
    /// </summary>
    private static bool Removable(bool[] image, int height, int width, int r, int c, int pass)
    {
        Span<bool> p = stackalloc bool[8];
        ReadOnlySpan<(int Dr, int Dc)> around = [(-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1)];
        var neighbours = 0;
        for (var k = 0; k < 8; k++)
        {
            var (rr, cc) = (r + around[k].Dr, c + around[k].Dc);
            p[k] = rr >= 0 && rr < height && cc >= 0 && cc < width && image[rr * width + cc];
            if (p[k]) neighbours++;
        }
        if (neighbours is < 2 or > 6) return false;
        var transitions = 0;
        for (var k = 0; k < 8; k++)
            if (!p[k] && p[(k + 1) % 8]) transitions++;
        if (transitions != 1) return false;
        var (p2, p4, p6, p8) = (p[0], p[2], p[4], p[6]);
        return pass == 0 ? !(p2 && p4 && p6) && !(p4 && p6 && p8) : !(p2 && p4 && p8) && !(p2 && p6 && p8);
    }
}

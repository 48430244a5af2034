using NUnit.Framework;
using Pipeline.Data.Attributes;

namespace Pipeline.Tests.Data.Attributes;

/// <summary>Each attribute on hand-drawn 28×28 images whose values are known.</summary>
public sealed class AttributeMeasureTests
{
    private static byte[] Draw(params (int Row, int Column)[] ink)
    {
        var image = new byte[28 * 28];
        foreach (var (r, c) in ink) image[r * 28 + c] = 255;
        return image;
    }

    private static (int, int)[] Rectangle(int top, int left, int height, int width) =>
        Enumerable.Range(top, height).SelectMany(r => Enumerable.Range(left, width).Select(c => (r, c))).ToArray();

    private static double Measure(ImageAttribute attribute, byte[] image) => AttributeMeasure.Measure(attribute, image, 28, 28);

    [Test]
    public void ABarsAreaWidthAndHeightAreItsPixelsAndItsBox()
    {
        var bar = Draw(Rectangle(5, 10, 12, 3));
        Assert.That(Measure(ImageAttribute.Area, bar), Is.EqualTo(36));
        Assert.That(Measure(ImageAttribute.Width, bar), Is.EqualTo(3));
        Assert.That(Measure(ImageAttribute.Height, bar), Is.EqualTo(12));
        Assert.That(Measure(ImageAttribute.Slant, bar), Is.EqualTo(0).Within(1e-12), "an upright bar does not lean");
    }

    [Test]
    public void ALineIsItsOwnSkeletonAndOnePixelThick()
    {
        var line = Draw(Rectangle(4, 14, 20, 1));
        Assert.That(Measure(ImageAttribute.Length, line), Is.EqualTo(20));
        Assert.That(Measure(ImageAttribute.Thickness, line), Is.EqualTo(1));
    }

    [Test]
    public void AThickBarsLengthIsItsStrokeAndItsThicknessItsWidth()
    {
        var bar = Draw(Rectangle(4, 12, 20, 4));
        var length = Measure(ImageAttribute.Length, bar);
        Assert.That(length, Is.InRange(16, 20), "the skeleton runs down the middle, a little shorter at the ends");
        Assert.That(Measure(ImageAttribute.Thickness, bar), Is.EqualTo(80 / length).Within(1e-12));
        Assert.That(Measure(ImageAttribute.Thickness, bar), Is.InRange(4, 5));
    }

    [Test]
    public void ALineLeaningRightHasThePositiveSlantOfItsShear()
    {
        // Up two rows, right one column: x̃ = ỹ/2 for every pixel, so atan(Σx̃ỹ / Σỹ²) = atan(½).
        var leaning = Draw(Enumerable.Range(0, 10).Select(k => (24 - 2 * k, 8 + k)).ToArray());
        Assert.That(Measure(ImageAttribute.Slant, leaning), Is.EqualTo(Math.Atan(0.5)).Within(1e-12));
        var mirrored = Draw(Enumerable.Range(0, 10).Select(k => (24 - 2 * k, 20 - k)).ToArray());
        Assert.That(Measure(ImageAttribute.Slant, mirrored), Is.EqualTo(-Math.Atan(0.5)).Within(1e-12));
    }

    [Test]
    public void FaintPixelsAreNotInkAndAnEmptyImageMeasuresZero()
    {
        var faint = new byte[28 * 28];
        Array.Fill(faint, (byte)127);
        foreach (var attribute in Enum.GetValues<ImageAttribute>())
            Assert.That(Measure(attribute, faint), Is.EqualTo(0), attribute.ToString());
    }

    [Test]
    public void ThinningKeepsTheSkeletonInsideTheMaskAndConnected()
    {
        var mask = new bool[28 * 28];
        foreach (var (r, c) in Rectangle(6, 6, 8, 16).Concat(Rectangle(14, 12, 10, 4))) mask[r * 28 + c] = true;   // a T
        var skeleton = Skeleton.Thin(mask, 28, 28);
        Assert.That(Enumerable.Range(0, mask.Length).Where(i => skeleton[i]), Has.All.Matches<int>(i => mask[i]));
        var pixels = Enumerable.Range(0, mask.Length).Where(i => skeleton[i]).ToHashSet();
        Assert.That(pixels.Count, Is.InRange(15, 40));
        // one 8-connected piece
        var seen = new HashSet<int> { pixels.First() };
        var frontier = new Queue<int>(seen);
        while (frontier.Count > 0)
        {
            var p = frontier.Dequeue();
            foreach (var dr in new[] { -1, 0, 1 })
                foreach (var dc in new[] { -1, 0, 1 })
                {
                    var q = p + dr * 28 + dc;
                    if (pixels.Contains(q) && seen.Add(q)) frontier.Enqueue(q);
                }
        }
        Assert.That(seen.Count, Is.EqualTo(pixels.Count));
    }
}

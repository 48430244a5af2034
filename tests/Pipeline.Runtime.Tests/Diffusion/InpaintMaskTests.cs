using NUnit.Framework;
using Pipeline.Runtime.Diffusion;

namespace Pipeline.Runtime.Tests.Diffusion;

/// <summary>Named regions as inpainting masks: false (regenerated) inside the region, true (known) elsewhere.</summary>
public class InpaintMaskTests
{
    /// <summary>A 4×6 mask as rows of '.' (known) and '#' (hidden).</summary>
    private static string[] Rows(bool[] mask, int height = 4, int width = 6) =>
        Enumerable.Range(0, height).Select(y => new string(Enumerable.Range(0, width).Select(x => mask[y * width + x] ? '.' : '#').ToArray())).ToArray();

    [TestCase(MaskRegion.BottomHalf, new[] { "......", "......", "######", "######" })]
    [TestCase(MaskRegion.TopHalf, new[] { "######", "######", "......", "......" })]
    [TestCase(MaskRegion.LeftHalf, new[] { "###...", "###...", "###...", "###..." })]
    [TestCase(MaskRegion.RightHalf, new[] { "...###", "...###", "...###", "...###" })]
    [TestCase(MaskRegion.Center, new[] { "......", ".###..", ".###..", "......" })]
    public void RegionsAreHidden(MaskRegion region, string[] expected) =>
        Assert.That(Rows(InpaintMask.Hiding(region, 1, 4, 6)), Is.EqualTo(expected));

    [Test]
    public void EveryChannelGetsTheSameMask()
    {
        var mask = InpaintMask.Hiding(MaskRegion.Center, 3, 4, 6);
        Assert.That(mask, Has.Length.EqualTo(72));
        Assert.That(mask.AsSpan(24, 24).ToArray(), Is.EqualTo(mask.AsSpan(0, 24).ToArray()));
        Assert.That(mask.AsSpan(48, 24).ToArray(), Is.EqualTo(mask.AsSpan(0, 24).ToArray()));
    }

    [Test]
    public void BadArgumentsAreRefused()
    {
        Assert.That(() => InpaintMask.Hiding((MaskRegion)9, 1, 4, 4), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("BottomHalf"));
        Assert.That(() => InpaintMask.Hiding(MaskRegion.Center, 0, 4, 4), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => InpaintMask.Hiding(MaskRegion.Center, 1, 1, 4), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}

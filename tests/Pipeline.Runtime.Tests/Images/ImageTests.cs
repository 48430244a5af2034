using NUnit.Framework;
using Pipeline.Runtime.Images;

namespace Pipeline.Runtime.Tests.Images;

public class ImageTests
{
    [Test]
    public void AnImageWithTheWrongNumberOfBytesIsRefused()
    {
        Assert.That(() => new Image(3, 2, PixelFormat.Rgb, new byte[6]),
            Throws.ArgumentException.With.Message.Contains("needs 18 bytes"));
        Assert.That(() => new Image(0, 2, PixelFormat.Grayscale, []), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [TestCase(-0.5f, 0)]
    [TestCase(float.NaN, 0)]
    [TestCase(0.5f, 128)]
    [TestCase(1f / 255f, 1)]
    [TestCase(1.5f, 255)]
    public void IntensitiesBecomeRoundedClampedBytes(float value, int expected)
    {
        Assert.That(Image.ToByte(value), Is.EqualTo((byte)expected));
    }
}

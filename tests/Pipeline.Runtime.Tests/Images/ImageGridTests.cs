using NUnit.Framework;
using Pipeline.Runtime.Images;

namespace Pipeline.Runtime.Tests.Images;

public class ImageGridTests
{
    [Test]
    public void PlacesImagesRowByRowWithPaddingAroundAndBetween()
    {
        // Three 2×2 images of constant value 0.2, 0.6, 1.0, two per row, one pixel of padding.
        float[] images = [.. Enumerable.Repeat(0.2f, 4), .. Enumerable.Repeat(0.6f, 4), .. Enumerable.Repeat(1f, 4)];

        var grid = ImageGrid.Compose(images, height: 2, width: 2, columns: 2, padding: 1, padValue: 0f);

        byte a = 51, b = 153, c = 255;
        byte[] expected =
        [
            0, 0, 0, 0, 0, 0, 0,
            0, a, a, 0, b, b, 0,
            0, a, a, 0, b, b, 0,
            0, 0, 0, 0, 0, 0, 0,
            0, c, c, 0, 0, 0, 0,
            0, c, c, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0,
        ];
        Assert.That(grid.Width, Is.EqualTo(7));
        Assert.That(grid.Height, Is.EqualTo(7));
        Assert.That(grid.Format, Is.EqualTo(PixelFormat.Grayscale));
        Assert.That(grid.Pixels, Is.EqualTo(expected));
    }

    [Test]
    public void KeepsEachImagesRowsAndColumnsInPlace()
    {
        float[] image = [0f, 1f / 255, 2f / 255, 3f / 255, 4f / 255, 5f / 255]; // 2 rows × 3 columns

        var grid = ImageGrid.Compose(image, height: 2, width: 3, columns: 4, padding: 0);

        Assert.That(grid.Width, Is.EqualTo(3), "columns beyond the number of images are dropped");
        Assert.That(grid.Height, Is.EqualTo(2));
        Assert.That(grid.Pixels, Is.EqualTo(new byte[] { 0, 1, 2, 3, 4, 5 }));
    }

    [Test]
    public void ClampsRoundsAndFillsThePaddingWithItsValue()
    {
        float[] image = [-0.5f, 1.5f, 0.5f, float.NaN, 0.499f / 255, 0.998f];

        var grid = ImageGrid.Compose(image, height: 1, width: 6, columns: 1, padding: 1, padValue: 1f);

        Assert.That(grid.Width, Is.EqualTo(8));
        Assert.That(grid.Height, Is.EqualTo(3));
        Assert.That(grid.Pixels[8..16], Is.EqualTo(new byte[] { 255, 0, 255, 128, 0, 0, 254, 255 }));
        Assert.That(grid.Pixels[..8].Concat(grid.Pixels[16..]), Is.All.EqualTo(255));
    }

    [Test]
    public void RefusesValuesThatAreNotWholeImages()
    {
        Assert.That(() => ImageGrid.Compose(new float[10], height: 2, width: 2, columns: 2),
            Throws.ArgumentException.With.Message.Contains("not a whole number of 2×2 images"));
        Assert.That(() => ImageGrid.Compose([], height: 2, width: 2, columns: 2), Throws.ArgumentException);
        Assert.That(() => ImageGrid.Compose(new float[4], height: 2, width: 2, columns: 0), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => ImageGrid.Compose(new float[4], height: 2, width: 2, columns: 1, padding: -1),
            Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}

namespace Pipeline.Data.Attributes;

/// <summary>The attributes of every image of a dataset, measured once before training: row i holds image i's values.</summary>
public sealed class AttributeTable
{
    private AttributeTable(IReadOnlyList<ImageAttribute> attributes, float[] values, int count)
    {
        Attributes = attributes;
        Values = values;
        Count = count;
    }

    public IReadOnlyList<ImageAttribute> Attributes { get; }

    /// <summary>[Count, Attributes.Count], row-major.</summary>
    public float[] Values { get; }

    public int Count { get; }

    /// <summary>Attribute <paramref name="k"/> of every image.</summary>
    public double[] Column(int k) => Enumerable.Range(0, Count).Select(i => (double)Values[i * Attributes.Count + k]).ToArray();

    public static AttributeTable Measure(ImageDataset images, IReadOnlyList<ImageAttribute> attributes)
    {
        var values = new float[images.Count * attributes.Count];
        Parallel.For(0, images.Count, i =>
        {
            var measured = AttributeMeasure.MeasureAll(attributes, images.Image(i), images.Height, images.Width);
            for (var k = 0; k < measured.Length; k++) values[i * attributes.Count + k] = (float)measured[k];
        });
        return new AttributeTable(attributes, values, images.Count);
    }
}

namespace Pipeline.Data.Attributes;

/// <summary>
/// Attributes measured on an image (seed 004's list, after Pati and Lerch 2020 and Morpho-MNIST), all on the ink mask M,
/// the pixels of intensity ≥ ½ (byte ≥ 128); see <see cref="AttributeMeasure"/> for each definition.
/// </summary>
public enum ImageAttribute
{
    /// <summary>|M|: the ink pixels.</summary>
    Area,

    /// <summary>|S|: the pixels of M's skeleton S (Zhang–Suen thinning to one-pixel-wide strokes), the strokes' length.</summary>
    Length,

    /// <summary>|M| / |S|: the mean stroke width in pixels (0 for an empty image).</summary>
    Thickness,

    /// <summary>
    /// atan(Σ x̃ỹ / Σ ỹ²) over M, in radians, with x̃ the column and ỹ the row counted upwards, both from M's centroid:
    /// the shear that best explains the columns by the rows; positive leans right (the top to the right).
    /// </summary>
    Slant,

    /// <summary>The columns M's bounding box spans.</summary>
    Width,

    /// <summary>The rows M's bounding box spans.</summary>
    Height,
}

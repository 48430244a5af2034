namespace Pipeline.Models;

/// <summary>How a model's networks take and give images.</summary>
public enum ImageLayout
{
    /// <summary>Vectors of H·W pixels [N, H·W] (fully connected networks).</summary>
    Flat,

    /// <summary>Images [N, 1, H, W] (convolutional networks).</summary>
    Spatial,
}

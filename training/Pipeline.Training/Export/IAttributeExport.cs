using Pipeline.Data.Attributes;

namespace Pipeline.Export;

/// <summary>A VAE whose latent dimension k is regularized to order the images as attribute k does (an AR-VAE).</summary>
public interface IAttributeExport
{
    /// <summary>Attribute k is ordered by latent dimension k.</summary>
    IReadOnlyList<ImageAttribute> Attributes { get; }
}

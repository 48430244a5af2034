using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Adversarial;

/// <summary>
/// An adversarial model drawing images while it trains (sample grids from a fixed z, recall checks): in evaluation mode,
/// without gradients, classes in turn for a conditional model; the model's training mode is left as it was.
/// </summary>
public interface IImageGenerator
{
    /// <summary><paramref name="count"/> images [N, C, H, W] with intensities in [0, 1], their codes drawn from <paramref name="noise"/>.</summary>
    Tensor SampleImages(long count, Generator noise);
}

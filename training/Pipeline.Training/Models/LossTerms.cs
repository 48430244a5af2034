using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models;

/// <summary>
/// The loss of one training step: <see cref="Total"/> (a scalar to back-propagate) and its named
/// parts (detached scalars, e.g. "reconstruction" and "kl") shown in progress reports.
/// </summary>
public sealed record LossTerms(Tensor Total, IReadOnlyList<(string Name, Tensor Value)> Parts)
{
    /// <summary>A loss with a single part named <paramref name="name"/>.</summary>
    public static LossTerms Single(string name, Tensor total) => new(total, [(name, total.detach())]);

    /// <summary>The parts as numbers (this reads them from the device).</summary>
    public IReadOnlyList<(string Name, double Value)> Values() => Parts.Select(p => (p.Name, p.Value.item<float>() * 1.0)).ToArray();
}

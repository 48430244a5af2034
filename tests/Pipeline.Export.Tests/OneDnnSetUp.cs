using NUnit.Framework;
using Pipeline.Export;

namespace Pipeline.Export.Tests;

/// <summary>Every test runs TorchSharp as the trainer and exporter do: with libtorch's oneDNN convolutions off (see <see cref="OneDnn"/>).</summary>
[SetUpFixture]
public sealed class OneDnnSetUp
{
    [OneTimeSetUp]
    public void DisableOneDnn() => OneDnn.Disable();
}

using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Export.Tests;

/// <summary>With oneDNN off (as every test runs, see <see cref="OneDnnSetUp"/>), the small-channel convolutions it got wrong are exact.</summary>
public class OneDnnTests
{
    [Test]
    public void OneDnnIsOffAndSmallChannelConvolutionsAreExact()
    {
        Assert.That(OneDnn.Enabled, Is.False);
        random.manual_seed(0);
        using var scope = NewDisposeScope();
        var transposed = nn.ConvTranspose2d(8, 1, 3, padding: 1);
        var conv = nn.Conv2d(16, 2, 3, padding: 1);
        for (var call = 0; call < 20; call++)
        {
            // ConvTranspose2d with 8 input channels against its float64 value (oneDNN: off by up to 4, or NaN, on half the calls).
            var x = randn(3, 8, 28, 28);
            using (no_grad())
            {
                var expected = nn.functional.conv_transpose2d(x.to(ScalarType.Float64), transposed.weight!.to(ScalarType.Float64),
                    transposed.bias!.to(ScalarType.Float64), padding: [1, 1]);
                Assert.That((transposed.call(x).to(ScalarType.Float64) - expected).abs().max().ToDouble(), Is.LessThan(1e-4), $"call {call}");
            }
            // Conv2d with 2 output channels: finite input gradients on every backward pass (oneDNN: NaN now and then on 2 threads).
            var input = randn(new long[] { 64, 16, 28, 28 }, requires_grad: true);
            nn.functional.mse_loss(conv.call(input), randn(64, 2, 28, 28)).backward();
            Assert.That(input.grad!.isfinite().all().ToBoolean(), Is.True, $"call {call}");
        }
    }
}

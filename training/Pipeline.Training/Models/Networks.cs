using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models;

/// <summary>The building blocks the models share: fully connected stacks and the stride-2 conv encoder/decoder pair.</summary>
public static class Networks
{
    /// <summary>The conv nets' kernel, stride and padding: each layer halves (or doubles) the side exactly, (s + 2·1 − 4)/2 + 1 = s/2.</summary>
    private const int Kernel = 4, Stride = 2, Padding = 1;

    /// <summary>
    /// Linear layers between consecutive <paramref name="sizes"/>, with ReLU between them (and after the last
    /// one too when <paramref name="activateLast"/>, for a trunk that feeds further heads).
    /// </summary>
    public static Sequential Mlp(IReadOnlyList<int> sizes, bool activateLast = false)
    {
        var layers = nn.Sequential();
        for (var i = 0; i + 1 < sizes.Count; i++)
        {
            layers.append(nn.Linear(sizes[i], sizes[i + 1]));
            if (i + 2 < sizes.Count || activateLast) layers.append(nn.ReLU());
        }
        return layers;
    }

    /// <summary>The side of the smallest feature map after <paramref name="layers"/> halvings of <paramref name="imageSize"/>.</summary>
    public static int BottomSide(int imageSize, int layers) => imageSize >> layers;

    /// <summary>Checks that <paramref name="imageSize"/> halves exactly once per conv layer.</summary>
    public static void ValidateConv(int imageSize, IReadOnlyList<int> channels)
    {
        if (channels.Count == 0 || channels.Any(c => c <= 0))
            throw new ArgumentException($"give one positive channel count per conv layer, got [{string.Join(", ", channels)}]");
        if (imageSize <= 0 || imageSize % (1 << channels.Count) != 0)
            throw new ArgumentException($"an image side of {imageSize} does not halve exactly {channels.Count} times: use fewer conv layers or a side divisible by {1 << channels.Count}");
    }

    /// <summary>
    /// x [N, 1, S, S] → Conv(4, stride 2, pad 1) + ReLU per channel count → [N, C_last, S/2ᵏ, S/2ᵏ] → Flatten:
    /// [N, C_last·(S/2ᵏ)²]. Returns the network and its output size.
    /// </summary>
    public static (Sequential Network, int Features) ConvEncoder(int imageSize, IReadOnlyList<int> channels)
    {
        ValidateConv(imageSize, channels);
        var layers = nn.Sequential();
        var previous = 1;
        foreach (var c in channels)
        {
            layers.append(nn.Conv2d(previous, c, Kernel, stride: Stride, padding: Padding)).append(nn.ReLU());
            previous = c;
        }
        layers.append(nn.Flatten());
        var side = BottomSide(imageSize, channels.Count);
        return (layers, previous * side * side);
    }

    /// <summary>
    /// The encoder's mirror: z [N, inputSize] → Linear + ReLU → [N, C_last, S/2ᵏ, S/2ᵏ] → ConvTranspose(4, stride 2,
    /// pad 1) per channel count in reverse (ReLU between) → [N, 1, S, S], without a final activation.
    /// </summary>
    public static Sequential ConvDecoder(int inputSize, int imageSize, IReadOnlyList<int> channels)
    {
        ValidateConv(imageSize, channels);
        var side = BottomSide(imageSize, channels.Count);
        var layers = nn.Sequential(nn.Linear(inputSize, channels[^1] * side * side), nn.ReLU(),
            nn.Unflatten(1, [channels[^1], side, side]));
        for (var i = channels.Count - 1; i >= 0; i--)
        {
            var output = i == 0 ? 1 : channels[i - 1];
            layers.append(nn.ConvTranspose2d(channels[i], output, Kernel, stride: Stride, padding: Padding));
            if (i > 0) layers.append(nn.ReLU());
        }
        return layers;
    }

    /// <summary>
    /// GroupNorm with γ = 1 and β = 0, as PyTorch initializes it (TorchSharp 0.107 leaves both uninitialized).
    /// </summary>
    public static GroupNorm GroupNorm(long groups, long channels)
    {
        var norm = nn.GroupNorm(groups, channels);
        using var noGrad = no_grad();
        nn.init.ones_(norm.weight!);
        nn.init.zeros_(norm.bias!);
        return norm;
    }
}

using Pipeline.Models.Autoregressive;

namespace Pipeline.Tests.Models.Autoregressive;

/// <summary>One autoregressive model configuration as the parameterized tests build it.</summary>
public sealed record AutoregressiveCase(string Name, Func<int, AutoregressiveModel> Build)
{
    public override string ToString() => Name;

    /// <summary>Small versions of every autoregressive model on <paramref name="side"/>×side grids.</summary>
    public static IEnumerable<AutoregressiveCase> Small(int side)
    {
        yield return new("fvsbn", s => new Fvsbn(new FvsbnConfig { ImageSize = s }));
        yield return new("nade", s => new Nade(new NadeConfig { ImageSize = s, HiddenSize = 16 }));
        yield return new("made", s => new Made(new MadeConfig { ImageSize = s, HiddenSizes = [32, 32] }));
        yield return new("made (shuffled order)", s => new Made(new MadeConfig { ImageSize = s, HiddenSizes = [32], ShuffledOrder = true, MaskSeed = 3 }));
        yield return new("pixelcnn", s => new PixelCnn(new PixelCnnConfig { ImageSize = s, Channels = 8, OutputChannels = 8, Blocks = 2 }));
        yield return new("pixelcnn (256-way)", s => new PixelCnn(new PixelCnnConfig { ImageSize = s, Channels = 8, OutputChannels = 8, Blocks = 1, Categories = 256 }));
        yield return new("gated-pixelcnn", s => new GatedPixelCnn(new GatedPixelCnnConfig { ImageSize = s, Channels = 4, OutputChannels = 8, Blocks = 2, FirstKernel = 5 }));
        yield return new("gated-pixelcnn (conditional, 256-way)", s => new GatedPixelCnn(new GatedPixelCnnConfig { ImageSize = s, Channels = 4, OutputChannels = 8, Blocks = 1, FirstKernel = 3, Categories = 256, Classes = 10 }));
        yield return new("pixelcnn (conditional)", s => new PixelCnn(new PixelCnnConfig { ImageSize = s, Channels = 8, OutputChannels = 8, Blocks = 1, Classes = 10 }));
    }
}

using Pipeline.Models.Autoregressive;
using Pipeline.Tests.Support;
using Pipeline.Tools.Export;
using TorchSharp;

namespace Pipeline.Tools.Tests.Support;

/// <summary>Exported autoregressive packages of small, randomly initialized (seeded) models on 8×8 grids, written once per test class.</summary>
internal sealed class SmallAutoregressivePackages : IDisposable
{
    public const int Side = 8;

    private readonly TempDirectory directory = new();

    public SmallAutoregressivePackages()
    {
        Fvsbn = Export("fvsbn", () => new Fvsbn(new FvsbnConfig { ImageSize = Side }));
        Nade = Export("nade", () => new Nade(new NadeConfig { ImageSize = Side, HiddenSize = 16 }));
        Made = Export("made", () => new Made(new MadeConfig { ImageSize = Side, HiddenSizes = [32, 32], ShuffledOrder = true, MaskSeed = 2 }));
        MadeEnsemble = Export("made-ensemble", () => new Made(new MadeConfig { ImageSize = Side, HiddenSizes = [32], Masks = 4, OrderAgnostic = true }));
        PixelCnn = Export("pixelcnn", () => new PixelCnn(new PixelCnnConfig { ImageSize = Side, Channels = 8, OutputChannels = 8, Blocks = 2 }));
        ConditionalPixelCnn = Export("pixelcnn-conditional", () => new PixelCnn(new PixelCnnConfig { ImageSize = Side, Channels = 8, OutputChannels = 8, Blocks = 2, Classes = 10 }));
        PixelCnn256 = Export("pixelcnn-256", () => new PixelCnn(new PixelCnnConfig { ImageSize = Side, Channels = 8, OutputChannels = 8, Blocks = 1, Categories = 256 }));
    }

    public string Fvsbn { get; }
    public string Nade { get; }
    /// <summary>MADE with a shuffled order (not raster).</summary>
    public string Made { get; }
    /// <summary>An order-agnostic ensemble of 4 masks.</summary>
    public string MadeEnsemble { get; }
    public string PixelCnn { get; }
    public string ConditionalPixelCnn { get; }
    public string PixelCnn256 { get; }

    /// <summary>Every package, by name.</summary>
    public IEnumerable<string> All => [Fvsbn, Nade, Made, MadeEnsemble, PixelCnn, ConditionalPixelCnn, PixelCnn256];

    /// <summary>The packages with a step network.</summary>
    public IEnumerable<string> Incremental => [Nade, PixelCnn, ConditionalPixelCnn, PixelCnn256];

    public void Dispose() => directory.Dispose();

    private string Export(string name, Func<AutoregressiveModel> build)
    {
        torch.random.manual_seed(3);
        using var model = build();
        return PackageExporter.Export(model, model.ModelKind, directory.File(name)).Directory;
    }
}

using Pipeline.Data;
using Pipeline.Export;
using static TorchSharp.torch;

namespace Pipeline.Tools.Export;

/// <summary>The first output of an exported encoder (a code, or a posterior mean) for every image of a dataset, row-major [N, Z].</summary>
internal static class EncoderCodes
{
    public static float[] Of(ExportableNetwork encoder, ImageDataset images, PixelTransform pixels = PixelTransform.ZeroOne)
    {
        var codes = new List<float>();
        foreach (var batch in new DataLoader(images, 1000, shuffle: false, transform: pixels))
        {
            using var scope = NewDisposeScope();
            using var owned = batch;
            codes.AddRange(encoder.Run([batch.Images])[0].cpu().contiguous().data<float>().ToArray());
        }
        return codes.ToArray();
    }
}

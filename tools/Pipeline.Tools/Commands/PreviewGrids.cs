using Pipeline.Models.Adversarial;
using Pipeline.Tools.Images;

namespace Pipeline.Tools.Commands;

/// <summary>
/// Sample grids written while an adversarial model trains: 64 images from one fixed z every so many steps, into
/// &lt;checkpoint&gt;-previews/step-NNNNNNN.png beside the checkpoint, so the files show how the same codes evolve.
/// </summary>
internal sealed class PreviewGrids
{
    private long lastStep;

    /// <summary>Writes a grid when <paramref name="every"/> steps have passed since the last one (0: never).</summary>
    public void Write(IImageGenerator model, long step, int every, string checkpoint)
    {
        if (step < lastStep) lastStep = 0;   // a new run in the same process
        if (every <= 0 || step - lastStep < every) return;
        lastStep = step;
        var path = Path.Combine(Path.ChangeExtension(checkpoint, null) + "-previews", $"step-{step:D7}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        PngFile.Write(path, AdversarialCommands.Images(model, 64, seed: 0).ToGrid(8));
    }
}

// A game loop's view of the runtime: one DDIM step per frame, then the image, whose pixels the app encodes itself.
using System.Diagnostics;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Pipeline.Sample <diffusion package folder, e.g. exported/ddpm> <output.pgm>");
    return 2;
}
using var model = ModelPackage.OpenDiffusion(args[0]);
using var sampler = model.CreateSampler(batchSize: 1, DiffusionSamplingOptions.Ddim(50));
sampler.Reset(seed: 7);

var frames = 0;
var clock = Stopwatch.StartNew();
while (true)
{
    var more = sampler.Step();           // one reverse step per frame: 0 bytes allocated
    frames++;
    // ... the game draws its frame here; sampler.Current holds x_t if it wants to show the image forming ...
    if (!more) break;
}
var image = sampler.Result().ToGrid(columns: 1, padding: 0);

// Binary PGM: a header and the 8-bit pixels as they are.
using (var file = File.Create(args[1]))
{
    file.Write(System.Text.Encoding.ASCII.GetBytes($"P5\n{image.Width} {image.Height}\n255\n"));
    file.Write(image.Pixels);
}
Console.WriteLine($"{model.Manifest.Name}: {frames} frames in {clock.Elapsed.TotalMilliseconds:F0} ms, {image.Width}x{image.Height} image in {args[1]}");
return 0;

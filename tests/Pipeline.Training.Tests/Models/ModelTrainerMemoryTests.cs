using NUnit.Framework;
using Pipeline.Models;
using Pipeline.Models.Autoencoders;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models;

/// <summary>The trainer's dispose scope per step keeps a long TorchSharp training run at flat resident memory without forcing the GC.</summary>
public class ModelTrainerMemoryTests
{
    [Test]
    public void ResidentMemoryStaysFlatOverTwoThousandSteps()
    {
        random.manual_seed(1);
        using var model = new DenoisingAutoencoder(new DenoisingAutoencoderConfig
        {
            Network = new ConvAutoencoderConfig { Channels = [8, 16], LatentSize = 8 },
        });
        var train = ModelData.Train.Take(1600);
        var options = new TrainingOptions { Epochs = 1000, BatchSize = 16 };

        new ModelTrainer<DenoisingAutoencoder>(model, options with { MaxSteps = 200 }).Train(train);
        var after200 = ResidentBytes();
        new ModelTrainer<DenoisingAutoencoder>(model, options with { MaxSteps = 2000 }).Train(train);
        var after2000 = ResidentBytes();
        TestContext.Out.WriteLine($"resident memory: {after200 / 1e6:F1} MB after 200 steps, {after2000 / 1e6:F1} MB after 2000 more");
        Assert.That(after2000, Is.LessThanOrEqualTo(after200 * 1.10));
    }

    private static long ResidentBytes()
    {
        // VmRSS of /proc/self/status, in kB.
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}

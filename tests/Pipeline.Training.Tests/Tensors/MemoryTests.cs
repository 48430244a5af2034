using NUnit.Framework;
using Pipeline.Nn;
using Pipeline.Nn.Layers;
using Pipeline.Optim;
using Pipeline.Tensors;

namespace Pipeline.Tests.Tensors;

/// <summary>Dispose scopes keep a long training loop at flat resident memory without forcing the GC.</summary>
public class MemoryTests
{
    [Test]
    public void ResidentMemoryStaysFlatOverTwoThousandSteps()
    {
        using var g = new Generator(1);
        using var model = new Sequential(
            new Conv2d(1, 8, 3, padding: 1, generator: g), new Relu(),
            new Conv2d(8, 16, 3, stride: 2, padding: 1, generator: g), new GroupNorm(4, 16), new Silu(),
            new Flatten(), new Linear(16 * 8 * 8, 10, generator: g));
        using var optimizer = new Adam(model.Parameters(), 1e-3);
        using var images = Torch.Randn(new long[] { 16, 1, 16, 16 }, g);
        using var labels = Torch.RandInt(0, 10, new long[] { 16 }, g);

        void TrainSteps(int count)
        {
            for (var i = 0; i < count; i++)
            {
                using var scope = DisposeScope.Enter();
                optimizer.ZeroGrad();
                var loss = Functional.CrossEntropy(model.Forward(images), labels);
                loss.Backward();
                optimizer.Step();
            }
        }

        TrainSteps(200);
        var after200 = ResidentBytes();
        TrainSteps(1800);
        var after2000 = ResidentBytes();
        TestContext.Out.WriteLine($"resident memory: {after200 / 1e6:F1} MB after 200 steps, {after2000 / 1e6:F1} MB after 2000");
        Assert.That(after2000, Is.LessThanOrEqualTo(after200 * 1.10));
    }

    private static long ResidentBytes()
    {
        // VmRSS of /proc/self/status, in kB.
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}

using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch.nn;

namespace Pipeline.Export.Tests.TorchSharpCompat;

/// <summary>
/// TorchSharp loads in this test host (a process of its own, with nothing preloaded and no LD_LIBRARY_PATH) and trains:
/// on Debian 12 through the build's patched copy of libLibTorchSharp.so, elsewhere through the package's own.
/// </summary>
public class TorchSharpLoadTests
{
    private static bool SystemLibstdcxxHas(string version)
    {
        var candidates = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6" };
        var library = candidates.FirstOrDefault(File.Exists);
        return library is not null && File.ReadAllBytes(library).AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(version)) >= 0;
    }

    [Test]
    public void TorchSharpLoadsAndAnAdamStepLowersTheLoss()
    {
        torch.manual_seed(1);
        using var scope = torch.NewDisposeScope();
        var model = Sequential(Linear(4, 8), Tanh(), Linear(8, 1));
        var optimizer = torch.optim.Adam(model.parameters(), lr: 0.05);
        var x = torch.randn(64, 4);
        var y = x.sum(1, keepdim: true);
        float Loss() => functional.mse_loss(model.call(x), y).item<float>();

        var before = Loss();
        for (var step = 0; step < 20; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            optimizer.zero_grad();
            functional.mse_loss(model.call(x), y).backward();
            optimizer.step();
        }

        Assert.That(Loss(), Is.LessThan(before * 0.5));
    }

    [Test]
    public void TheLoadedLibTorchSharpIsThePatchedCopyExactlyWhenTheSystemNeedsIt()
    {
        using var probe = torch.zeros(1);
        var loaded = File.ReadLines("/proc/self/maps").Where(l => l.EndsWith("/libLibTorchSharp.so", StringComparison.Ordinal))
                         .Select(l => l[l.IndexOf('/')..]).Distinct().ToList();
        var compat = File.ReadLines("/proc/self/maps").Any(l => l.EndsWith("/libpipeline_glibcxx_compat.so", StringComparison.Ordinal));

        Assert.That(loaded, Is.EqualTo(new[] { Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so") }));
        Assert.That(compat, Is.EqualTo(!SystemLibstdcxxHas("GLIBCXX_3.4.32")),
            "the compat library is loaded only where libstdc++ lacks GLIBCXX_3.4.32");
    }
}

using NUnit.Framework;
using Pipeline.Tests.Support;
using Pipeline.Tools.Fuzzing;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Fuzzing;

/// <summary>
/// Every fuzz target, in process: its seeds are read, a thousand seeded mutations of them (bit flips, byte changes,
/// truncations, insertions) end normally or in the target's one expected exception, and every input AFL++ ever found
/// troublesome (Fuzzing/findings/&lt;target&gt;-*) stays a regression case. tools/fuzz.sh runs the same targets under AFL++.
/// </summary>
public sealed class FuzzTargetTests
{
    private static readonly string Package = SmallPackagesOnce();

    public static IEnumerable<TestCaseData> Targets() => FuzzTargets.All.Select(t => new TestCaseData(t.Name).SetArgDisplayNames(t.Name));

    [TestCaseSource(nameof(Targets))]
    public void MutatedSeedsEndNormallyOrInTheExpectedException(string name)
    {
        var target = FuzzTargets.Named(name);
        using var scratch = new TempDirectory();
        var seeds = FuzzCorpus.Seeds(name, Package);
        var read = seeds.Select(s => FuzzTargets.Accepts(target, s, scratch.Path)).ToList();
        if (name != "manifest") Assert.That(read, Has.All.True, "the seeds are well-formed (a manifest alone lacks its networks: refused)");
        var random = new Random(name.GetHashCode(StringComparison.Ordinal) & 0x7fff);
        for (var i = 0; i < 1000; i++)
        {
            var input = Mutate(seeds[i % seeds.Count], random);
            Assert.DoesNotThrow(() => FuzzTargets.Accepts(target, input, scratch.Path), $"mutation {i} of {name}");
        }
    }

    [TestCaseSource(nameof(Targets))]
    public void EveryFindingStaysARegressionCase(string name)
    {
        var target = FuzzTargets.Named(name);
        using var scratch = new TempDirectory();
        var findings = Path.Combine(AppContext.BaseDirectory, "Fuzzing", "findings");
        foreach (var file in Directory.Exists(findings) ? Directory.GetFiles(findings, $"{name}-*") : [])
            Assert.DoesNotThrow(() => FuzzTargets.Accepts(target, File.ReadAllBytes(file), scratch.Path), Path.GetFileName(file));
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = seed.ToList();
        for (var edits = random.Next(1, 9); edits > 0 && bytes.Count > 0; edits--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[at] = (byte)random.Next(256); break;
                case 2: bytes.RemoveRange(at, bytes.Count - at); break;
                case 3: bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 16)).Select(_ => (byte)random.Next(256))); break;
                default: bytes[at] = (byte)"{}[]\":,0123456789-e."[random.Next(20)]; break;
            }
        }
        return bytes.ToArray();
    }

    private static string SmallPackagesOnce()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"pipeline-fuzz-package-{Environment.ProcessId}");
        if (!Directory.Exists(directory)) SmallPackages.Autoencoder(directory);
        return directory;
    }
}

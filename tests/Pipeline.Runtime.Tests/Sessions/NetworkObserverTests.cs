using NUnit.Framework;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Sessions;
using Pipeline.Runtime.Tests.Support;
using Pipeline.Tests.Support;

namespace Pipeline.Runtime.Tests.Sessions;

/// <summary>RuntimeOptions.Observer: what calibrates int8 exports on the inputs the networks really get.</summary>
public class NetworkObserverTests
{
    private sealed class Recorder : INetworkObserver
    {
        public List<(string Path, Dictionary<string, float[]> Inputs)> Runs { get; } = [];

        public void Running(string modelPath, IReadOnlyList<ObservedInput> inputs) =>
            Runs.Add((modelPath, inputs.ToDictionary(i => i.Name, i => i.Values.ToArray())));
    }

    [Test]
    public void TheObserverSeesEveryReverseStepsInputsBeforeTheDenoiserRuns()
    {
        using var directory = new TempDirectory();
        var recorder = new Recorder();
        using var model = ModelPackage.OpenDiffusion(new ToyDiffusion().Write(directory.File("toy")), new RuntimeOptions { IntraOpThreads = 1, Observer = recorder });

        model.Sample(3, seed: 1, label: null, DiffusionSamplingOptions.Ddim(10));

        Assert.That(recorder.Runs, Has.Count.EqualTo(10));
        Assert.That(recorder.Runs.Select(r => Path.GetFileName(r.Path)), Has.All.EqualTo("denoiser.onnx"));
        var timesteps = recorder.Runs.Select(r => r.Inputs["timestep"][0]).ToList();
        Assert.That(timesteps, Is.Ordered.Descending.And.Unique, "one run per step, from T towards 0");
        Assert.That(recorder.Runs[0].Inputs["sample"], Has.Length.EqualTo(3 * 16));
        Assert.That(recorder.Runs[0].Inputs["sample"], Is.Not.EqualTo(recorder.Runs[1].Inputs["sample"]), "copied when seen: x_t changes between steps");
    }

    [Test]
    public void WithoutAnObserverTheSessionHasNone()
    {
        using var directory = new TempDirectory();
        using var session = OnnxSession.Open(Path.Combine(new ToyDiffusion().Write(directory.File("toy")), "denoiser.onnx"));

        Assert.That(session.Observer, Is.Null);
    }
}

using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NUnit.Framework;
using Pipeline.Runtime.Sessions;

namespace Pipeline.Runtime.Tests.Sessions;

/// <summary>The copying graph writes a host tensor of any shape into a bound tensor that stays where it is.</summary>
public class CopyGraphTests
{
    [TestCase(new long[] { 3 })]
    [TestCase(new long[] { 2, 3 })]
    [TestCase(new long[] { 2, 1, 3, 2 })]
    public void ItCopiesATensorOfAnyShapeIntoTheBoundOne(long[] shape)
    {
        using var session = OnnxSession.FromBytes(CopyGraph.Build(), "the copying graph", new RuntimeOptions { IntraOpThreads = 1 });
        var size = (int)shape.Aggregate(1L, (a, d) => a * d);
        var source = Enumerable.Range(0, size).Select(i => i * 0.5f - 1).ToArray();
        using var sourceValue = OrtValue.CreateTensorValueFromMemory(source, shape);
        using var target = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, shape);
        using var binding = new HostInputBinding(session);
        binding.BindHostInput(CopyGraph.Source, sourceValue);
        binding.BindOutput(CopyGraph.Target, target);
        using var runOptions = new RunOptions();
        binding.Run(runOptions);
        Assert.That(target.GetTensorDataAsSpan<float>().ToArray(), Is.EqualTo(source));

        source.AsSpan().Reverse();
        binding.Run(runOptions);
        Assert.That(target.GetTensorDataAsSpan<float>().ToArray(), Is.EqualTo(source), "a run copies what the host array holds then");
    }
}

using NUnit.Framework;
using Pipeline.Export;
using Pipeline.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models;

/// <summary>One model kind as the parameterized tests build it (its default configuration).</summary>
public sealed record ModelCase(string Kind, Func<nn.Module> Build)
{
    /// <summary>Builds the model with its initialization seeded by <paramref name="seed"/>; it is trainable and exportable.</summary>
    public nn.Module Create(long seed = 1)
    {
        random.manual_seed(seed);
        var model = Build();
        Assert.That(model, Is.InstanceOf<ITrainableModel>().And.InstanceOf<IExportableModel>());
        return model;
    }

    public override string ToString() => Kind;
}

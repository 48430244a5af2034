using NUnit.Framework;
using Pipeline.Export;
using Pipeline.Models;
using Pipeline.Nn;
using Pipeline.Tensors;

namespace Pipeline.Tests.Models;

/// <summary>One model kind as the parameterized tests build it (its default configuration).</summary>
public sealed record ModelCase(string Kind, Func<Generator?, Module> Build)
{
    /// <summary>Builds the model; it is trainable and exportable.</summary>
    public Module Create(Generator? generator = null)
    {
        var model = Build(generator);
        Assert.That(model, Is.InstanceOf<ITrainableModel>().And.InstanceOf<IExportableModel>());
        return model;
    }

    public override string ToString() => Kind;
}

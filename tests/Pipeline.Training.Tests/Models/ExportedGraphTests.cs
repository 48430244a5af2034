using NUnit.Framework;
using Pipeline.Export;
using TorchSharp;
using static TorchSharp.torch;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Models;

/// <summary>The exported ONNX graphs of every model, checked by the onnx package and evaluated outside .NET.</summary>
public class ExportedGraphTests
{
    [Test]
    public void EveryExportedGraphPassesTheOnnxCheckerAndComputesItsReference()
    {
        using var directory = new TempDirectory();
        var entries = new List<Dictionary<string, object>>();
        foreach (var modelCase in ModelCases.All())
        {
            using var model = modelCase.Create(seed: 11);
            model.eval();
            foreach (var network in ((IExportableModel)model).ExportNetworks())
                entries.Add(ExportChecks.Write(directory.Path, $"{modelCase.Kind.Replace(' ', '_').Replace("(", "").Replace(")", "")}.{network.Role}", network));
        }
        var failures = ExportChecks.RunPython(directory.Path, entries);
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }
}

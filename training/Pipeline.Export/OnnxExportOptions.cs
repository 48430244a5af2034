namespace Pipeline.Export;

/// <summary>How <see cref="OnnxExporter"/> writes and checks a graph. The defaults suit a batch-first image network.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>The lowest opset the exporter writes.</summary>
    public const int MinimumOpset = 17;

    /// <summary>The highest opset the exporter writes.</summary>
    public const int MaximumOpset = 21;

    /// <summary>The default-domain opset of the file, <see cref="MinimumOpset"/> to <see cref="MaximumOpset"/>; 17 by default.</summary>
    public int Opset { get; init; } = MinimumOpset;

    /// <summary>Names of the graph inputs, one per example input; "input", or "input0", "input1"… by default.</summary>
    public IReadOnlyList<string>? InputNames { get; init; }

    /// <summary>Names of the graph outputs, one per output of the module; "output", or "output0"… by default.</summary>
    public IReadOnlyList<string>? OutputNames { get; init; }

    /// <summary>Dimension 0 of every input and output is the batch, of any size ("batch" in the file); true by default.</summary>
    public bool DynamicBatch { get; init; } = true;

    /// <summary>The largest absolute difference allowed between ONNX Runtime and TorchSharp; 1e-4 by default.</summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>The rules to export with; <see cref="OnnxExportRules.Default"/> (TorchSharp's layers and any registered) if null.</summary>
    public OnnxExportRules? Rules { get; init; }

    /// <summary>Key/value pairs stored in the file's metadata.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    internal void Validate(int inputs)
    {
        if (Opset is < MinimumOpset or > MaximumOpset)
            throw new OnnxExportException($"Opset {Opset} is not supported: choose {MinimumOpset} to {MaximumOpset}.");
        if (!(Tolerance >= 0) || double.IsInfinity(Tolerance))
            throw new OnnxExportException($"Tolerance {Tolerance} is not a finite number ≥ 0: use e.g. 1e-4.");
        if (InputNames is not null && InputNames.Count != inputs)
            throw new OnnxExportException($"{InputNames.Count} input names were given for {inputs} example inputs: give one name per input.");
        CheckNames(InputNames, "input");
        CheckNames(OutputNames, "output");
    }

    private static void CheckNames(IReadOnlyList<string>? names, string what)
    {
        if (names is null) return;
        if (names.Any(string.IsNullOrWhiteSpace)) throw new OnnxExportException($"An {what} name is empty: name every {what}.");
        var repeated = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new OnnxExportException($"The {what} name '{repeated.Key}' is given twice: names must differ.");
    }
}

namespace Pipeline.Runtime.Packages;

/// <summary>One exported network of a package: its ONNX file and its named inputs and outputs.</summary>
public sealed record NetworkManifest(string File, IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs);

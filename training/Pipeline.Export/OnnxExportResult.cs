namespace Pipeline.Export;

/// <summary>What <see cref="OnnxExporter.Export"/> wrote and measured.</summary>
/// <param name="Path">The full path of the ONNX file.</param>
/// <param name="InputNames">The graph's input names, in the order of the example inputs.</param>
/// <param name="OutputNames">The graph's output names, in the order of the module's outputs.</param>
/// <param name="MaxDifference">The largest absolute difference between ONNX Runtime and TorchSharp over the verification batches.</param>
/// <param name="Nodes">The number of nodes in the graph.</param>
/// <param name="Initializers">The number of initializers (parameters, buffers and constants).</param>
public sealed record OnnxExportResult(string Path, IReadOnlyList<string> InputNames, IReadOnlyList<string> OutputNames,
                                      double MaxDifference, int Nodes, int Initializers);

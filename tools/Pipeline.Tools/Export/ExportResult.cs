using Pipeline.Runtime.Packages;

namespace Pipeline.Tools.Export;

/// <summary>A written package, with the largest ONNX Runtime vs TorchSharp difference measured for each network.</summary>
public sealed record ExportResult(string Directory, ModelManifest Manifest, IReadOnlyDictionary<string, double> MaxDifferences);

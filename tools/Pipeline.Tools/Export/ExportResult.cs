using Pipeline.Runtime.Packages;

namespace Pipeline.Tools.Export;

/// <summary>
/// A written package, with the largest ONNX Runtime vs TorchSharp difference measured for each network, and what the
/// precision conversion did to each (null for float32).
/// </summary>
public sealed record ExportResult(string Directory, ModelManifest Manifest, IReadOnlyDictionary<string, double> MaxDifferences,
    IReadOnlyList<NetworkConversion>? Conversions = null);

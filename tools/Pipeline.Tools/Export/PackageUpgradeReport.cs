using Pipeline.Export.Precision;

namespace Pipeline.Tools.Export;

/// <summary>
/// What `export --upgrade` did: the networks it wrote, and how far the model it rebuilt from the package's weights strays
/// from the package's own step network on <see cref="Batches"/> batches of random inputs (the check that the weights were
/// read back right).
/// </summary>
public sealed record PackageUpgradeReport(IReadOnlyList<NetworkUpgrade> Networks, OutputDifference Agreement, int Batches);

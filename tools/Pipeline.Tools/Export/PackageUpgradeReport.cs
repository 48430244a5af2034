using Pipeline.Export.Precision;

namespace Pipeline.Tools.Export;

/// <summary>
/// What `export --upgrade` did: the networks it wrote; how far the model it rebuilt from the package's weights strays from
/// the package's own step network (<paramref name="Agreement"/>, the check that the weights were read back right), and the
/// written row form from that model's causal step (<paramref name="RowForm"/>), each on <see cref="Batches"/> batches of
/// random inputs.
/// </summary>
public sealed record PackageUpgradeReport(IReadOnlyList<NetworkUpgrade> Networks, OutputDifference Agreement, OutputDifference RowForm, int Batches);

using Pipeline.Export.Precision;

namespace Pipeline.Tools.Export;

/// <summary>
/// One network a package upgrade exported again: its file size before and after, and how far the new network strays from the
/// package's earlier one on <see cref="Batches"/> batches of random inputs.
/// </summary>
public sealed record NetworkUpgrade(string Role, long BytesBefore, long BytesAfter, OutputDifference Difference, int Batches);

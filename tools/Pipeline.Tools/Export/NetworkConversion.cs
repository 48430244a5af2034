using Pipeline.Export.Precision;
using Pipeline.Runtime.Packages;

namespace Pipeline.Tools.Export;

/// <summary>
/// What a precision conversion did to one network: its file size before and after, and the largest and mean difference from the
/// float32 network over the inputs it got while the runtime sampled (<see cref="CalibrationRuns"/> of them).
/// <see cref="Precision"/> is float32 when the network was left as it was, and <see cref="Note"/> says why.
/// </summary>
public sealed record NetworkConversion(string Role, NumericPrecision Precision, long BytesBefore, long BytesAfter, OutputDifference Difference,
    int CalibrationRuns, string? Note);

namespace Pipeline.Checkpoints;

/// <summary>
/// Checks that the tensors tile the data area as the format requires: starting at byte 0,
/// without overlaps or gaps, and ending exactly where the file ends.
/// </summary>
internal static class SafeTensorsLayout
{
    public static void Check(IReadOnlyList<SafeTensorsEntry> entries, long dataLength, string path)
    {
        var ordered = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        long end = 0;
        SafeTensorsEntry? previous = null;
        foreach (var entry in ordered)
        {
            if (entry.Begin < end)
                throw SafeTensorsHeaderReader.Invalid(path, $"tensors '{previous!.Name}' [{previous.Begin}, {previous.End}] and '{entry.Name}' [{entry.Begin}, {entry.End}] overlap");
            if (entry.Begin > end)
                throw SafeTensorsHeaderReader.Invalid(path, $"bytes [{end}, {entry.Begin}) of the data belong to no tensor");
            end = entry.End;
            previous = entry;
        }
        if (end > dataLength)
            throw SafeTensorsHeaderReader.Truncated(path, $"its tensors need {end} bytes of data but only {dataLength} follow the header");
        if (end < dataLength)
            throw SafeTensorsHeaderReader.Invalid(path, $"{dataLength - end} bytes follow the last tensor");
    }
}

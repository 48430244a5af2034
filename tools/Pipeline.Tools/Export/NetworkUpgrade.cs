namespace Pipeline.Tools.Export;

/// <summary>One network a package upgrade wrote: its file size before (null for a network the package did not have) and after.</summary>
public sealed record NetworkUpgrade(string Role, long? BytesBefore, long BytesAfter);

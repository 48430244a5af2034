namespace Pipeline.Runtime.Sessions;

/// <summary>One input of a network run, as an <see cref="INetworkObserver"/> sees it: its name, full shape and values.</summary>
public sealed record ObservedInput(string Name, long[] Shape, ReadOnlyMemory<float> Values);

namespace Pipeline.Distributed;

/// <summary>An MPI call returned an error, or MPI could not be started.</summary>
public sealed class MpiException(string message) : Exception(message);

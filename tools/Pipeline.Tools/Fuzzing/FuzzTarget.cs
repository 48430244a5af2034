namespace Pipeline.Tools.Fuzzing;

/// <summary>
/// One parser of ours under the fuzzer: <paramref name="Run"/> feeds it bytes (through a file in <paramref name="Run"/>'s
/// folder), and <paramref name="Expected"/> is the one exception type a bad input may end in; anything else, a hang or a
/// crash is a finding.
/// </summary>
public sealed record FuzzTarget(string Name, string Description, Type Expected, Action<byte[], string> Run);

using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Checkpoints;

/// <summary>Lists how saved tensors differ from live ones by name and shape, one line per problem.</summary>
internal static class StateComparison
{
    public static List<string> Problems(IReadOnlyDictionary<string, Tensor> saved, IReadOnlyDictionary<string, Tensor> live)
    {
        var problems = new List<string>();
        foreach (var (name, tensor) in live)
        {
            if (!saved.TryGetValue(name, out var stored)) problems.Add($"missing '{name}' (expected {Text(tensor)})");
            else if (!stored.shape.SequenceEqual(tensor.shape))
                problems.Add($"'{name}': shape {Text(stored)} in the checkpoint, {Text(tensor)} here");
            else if (stored.dtype != tensor.dtype)
                problems.Add($"'{name}': dtype {stored.dtype} in the checkpoint, {tensor.dtype} here");
        }
        problems.AddRange(saved.Keys.Where(name => !live.ContainsKey(name)).Select(name => $"unexpected '{name}'"));
        return problems;
    }

    private static string Text(Tensor tensor) => $"[{string.Join(", ", tensor.shape)}]";
}

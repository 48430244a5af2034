using Pipeline.Tensors;

namespace Pipeline.Checkpoints;

/// <summary>Lists how saved tensors differ from live ones by name and shape, one line per problem.</summary>
internal static class StateComparison
{
    public static List<string> Problems(IReadOnlyDictionary<string, Tensor> saved, IReadOnlyDictionary<string, Tensor> live)
    {
        var problems = new List<string>();
        foreach (var (name, tensor) in live)
        {
            if (!saved.TryGetValue(name, out var stored)) problems.Add($"missing '{name}' (expected {tensor.ShapeText})");
            else if (!stored.Shape.SequenceEqual(tensor.Shape))
                problems.Add($"'{name}': shape {stored.ShapeText} in the checkpoint, {tensor.ShapeText} here");
        }
        problems.AddRange(saved.Keys.Where(name => !live.ContainsKey(name)).Select(name => $"unexpected '{name}'"));
        return problems;
    }
}

using System.Text.Json;

namespace Pipeline.Tools.Evaluation;

/// <summary>Saves and loads evaluation results (JSON, one file per package) for `tools/pipeline report`.</summary>
public static class EvaluationStore
{
    public const string DefaultDirectory = "out/eval";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string PathOf(string directory, string name) => Path.Combine(directory, $"{name}.json");

    public static void Save(string directory, EvaluationResult result)
    {
        Directory.CreateDirectory(directory);
        var path = PathOf(directory, result.Name.Replace(' ', '-').Replace('(', '_').Replace(')', '_'));
        Pipeline.IO.AtomicFile.WriteText(path, JsonSerializer.Serialize(result, Json));
    }

    public static IReadOnlyList<EvaluationResult> LoadAll(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal)
                .Select(f => JsonSerializer.Deserialize<EvaluationResult>(File.ReadAllText(f), Json)!).ToList()
            : new List<EvaluationResult>();
}

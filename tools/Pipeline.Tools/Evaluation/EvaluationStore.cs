using System.Text.Json;

namespace Pipeline.Tools.Evaluation;

/// <summary>
/// Saves and loads evaluation results (JSON, one file per package) for `tools/pipeline report`. The default folder is
/// committed beside the report: the figures of the shipped packages stay with them, so a package retrained later is the
/// only one to evaluate again before the report is rebuilt.
/// </summary>
public static class EvaluationStore
{
    public const string DefaultDirectory = "docs/eval";

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

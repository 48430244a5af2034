using System.CommandLine;
using Pipeline.Runtime.Packages;
using Pipeline.Tools.Evaluation;
using Pipeline.Tools.Reports;
using Spectre.Console;

namespace Pipeline.Tools.Commands;

/// <summary>`report`: the self-contained HTML page of every shipped package (samples, metrics, speed, loss curves).</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var models = new Option<string>("--models") { Description = "folder of exported packages", DefaultValueFactory = _ => "exported" };
        var results = new Option<string>("--results") { Description = "folder of `eval` results", DefaultValueFactory = _ => EvaluationStore.DefaultDirectory };
        var output = new Option<string>("--out") { Description = "HTML file to write", DefaultValueFactory = _ => "docs/report.html" };
        var seed = new Option<long>("--seed") { Description = "seed of the sample grids", DefaultValueFactory = _ => 1 };
        var command = new Command("report", "Write an HTML report of every shipped package and the calibration rows.") { models, results, output, seed };
        command.SetAction(result =>
        {
            var root = result.GetValue(models)!;
            var packages = ExportedPackages.Require(root);
            var evaluations = result.GetValue(results)!;
            if (!Directory.Exists(evaluations))
                throw new UsageException($"--results {evaluations} does not exist: pass the folder `tools/pipeline eval` saves into ({EvaluationStore.DefaultDirectory} by default)");
            var html = HtmlReport.Build(packages, EvaluationStore.LoadAll(evaluations), result.GetValue(seed));
            var path = result.GetValue(output)!;
            Pipeline.IO.AtomicFile.WriteText(path, html);
            AnsiConsole.MarkupLineInterpolated($"report of {packages.Count} packages → {path}");
            return 0;
        });
        return command;
    }
}

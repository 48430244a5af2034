using System.CommandLine;
using Pipeline.Tools.Export;
using Spectre.Console;

namespace Pipeline.Tools.Commands;

/// <summary>`export`: a checkpoint → an exported package (ONNX files + manifest), checked against TorchSharp.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "trained checkpoint (safetensors)", Required = true };
        var output = new Option<string>("--out") { Description = "package folder to write, e.g. exported/vae-mlp", Required = true };
        var command = new Command("export", "Export a trained checkpoint to an ONNX package that the runtime samples.") { checkpoint, output };
        command.SetAction(result =>
        {
            var path = result.GetValue(checkpoint)!;
            if (!File.Exists(path)) throw new UsageException($"no checkpoint at {path}: train one first (tools/pipeline train ...)");
            var exported = PackageExporter.ExportCheckpoint(path, result.GetValue(output)!);
            foreach (var (role, difference) in exported.MaxDifferences)
                AnsiConsole.MarkupLineInterpolated($"{role}: ONNX Runtime vs TorchSharp max |Δ| = {difference:G3} (tolerance {new Pipeline.Export.OnnxExportOptions().Tolerance})");
            AnsiConsole.MarkupLineInterpolated($"wrote {exported.Directory} ({exported.Manifest.Family}, {exported.Manifest.Kind})");
            return 0;
        });
        return command;
    }
}

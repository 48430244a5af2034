using System.CommandLine;
using Pipeline.Runtime.Packages;
using Pipeline.Tools.Export;
using Spectre.Console;

namespace Pipeline.Tools.Commands;

/// <summary>
/// `export`: a checkpoint → an exported package (ONNX files + manifest), checked against TorchSharp; or an exported
/// float32 package → a float16 or int8 copy of it.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "trained checkpoint (safetensors) to export" };
        var package = new Option<string>("--package") { Description = "an exported float32 package to convert to --precision instead, e.g. exported/ddpm" };
        var output = new Option<string>("--out") { Description = "package folder to write, e.g. exported/vae-mlp", Required = true };
        var precision = new Option<NumericPrecision>("--precision")
        {
            Description = "number format inside the networks: fp32 (as trained), fp16 (GPUs) or int8 (QDQ, calibrated on the inputs the networks see while sampling; CPUs)",
            DefaultValueFactory = _ => NumericPrecision.Fp32,
        };
        var keepFloat32 = new Option<string[]>("--keep-float32")
        {
            Description = "with --precision fp16 or int8: a network of the package to leave in float32 (repeat the option), e.g. step for a VQ-VAE prior in int8",
        };
        var upgrade = new Option<bool>("--upgrade")
        {
            Description = "with --package: export again, from the package's own weights, the networks an earlier version exported differently (PixelCNN step networks, VQ-VAE priors: Gemms at the pixel); --out may be the package itself",
        };
        var command = new Command("export", "Export a trained checkpoint to an ONNX package that the runtime samples, or convert a package to fp16 or int8, or upgrade it.")
            { checkpoint, package, output, precision, keepFloat32, upgrade };
        command.SetAction(result =>
        {
            var (from, source) = (result.GetValue(checkpoint), result.GetValue(package));
            if ((from is null) == (source is null))
                throw new UsageException("give either --checkpoint (export a trained model) or --package (convert an exported one), not both or neither");
            if (result.GetValue(upgrade) && (source is null || result.GetValue(precision) != NumericPrecision.Fp32))
                throw new UsageException("--upgrade takes --package (the package to upgrade) and no --precision: upgrade the float32 package, then convert that");
            var keep = result.GetValue(keepFloat32) ?? [];
            if (keep.Length > 0 && result.GetValue(precision) == NumericPrecision.Fp32)
                throw new UsageException("--keep-float32 leaves networks out of a conversion: give --precision fp16 or int8 with it");
            ExportResult exported;
            PackageUpgradeReport? upgraded = null;
            if (source is not null)
            {
                if (!Directory.Exists(source)) throw new UsageException($"no package folder at {source}: export one first (tools/pipeline export --checkpoint …)");
                if (result.GetValue(upgrade)) (exported, upgraded) = PackageUpgrade.Upgrade(source, result.GetValue(output)!);
                else exported = PackagePrecision.Convert(source, result.GetValue(output)!, result.GetValue(precision), keep);
            }
            else
            {
                if (!File.Exists(from)) throw new UsageException($"no checkpoint at {from}: train one first (tools/pipeline train ...)");
                exported = PackageExporter.ExportCheckpoint(from!, result.GetValue(output)!, precision: result.GetValue(precision), keepFloat32: keep);
            }
            foreach (var (role, difference) in exported.MaxDifferences)
                AnsiConsole.MarkupLineInterpolated($"{role}: ONNX Runtime vs TorchSharp max |Δ| = {difference:G3} (tolerance {new Pipeline.Export.OnnxExportOptions().Tolerance})");
            foreach (var c in exported.Conversions ?? [])
                AnsiConsole.MarkupLineInterpolated(
                    $"{c.Role}: {PackageReader.Name(c.Precision)}, {c.BytesBefore:N0} → {c.BytesAfter:N0} bytes, |Δ| from fp32: max {c.Difference.Max:G3}, mean {c.Difference.Mean:G3}, over {c.CalibrationRuns} sampling runs{(c.Note is null ? "" : $" ({c.Note})")}");
            if (upgraded is not null)
            {
                AnsiConsole.MarkupLineInterpolated(
                    $"the model rebuilt from the package's weights against its earlier step network, on {upgraded.Batches} random batches: max |Δ| = {upgraded.Agreement.Max:G3}, mean {upgraded.Agreement.Mean:G3}");
                AnsiConsole.MarkupLineInterpolated(
                    $"its rows and step networks against its causal step, on {upgraded.Batches} random batches: max |Δ| = {upgraded.RowForm.Max:G3}, mean {upgraded.RowForm.Mean:G3}");
                foreach (var u in upgraded.Networks)
                    AnsiConsole.MarkupLineInterpolated($"{u.Role}: exported again from the package's weights, {(u.BytesBefore is long b ? $"{b:N0}" : "new")} → {u.BytesAfter:N0} bytes");
            }
            AnsiConsole.MarkupLineInterpolated($"wrote {exported.Directory} ({exported.Manifest.Family}, {exported.Manifest.Kind}, {PackageReader.Name(exported.Manifest.Precision)})");
            return 0;
        });
        return command;
    }
}

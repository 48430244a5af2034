using System.CommandLine;
using Pipeline.Runtime.Packages;
using Spectre.Console;

namespace Pipeline.Tools.Commands;

/// <summary>
/// `seal`: records the SHA-256 of every file of packages exported before integrity hashes existed, as the files are now
/// (a fresh `export` seals its package itself). Packages that are already sealed are verified instead and left as they are.
/// </summary>
internal static class SealCommand
{
    public static Command Create()
    {
        var models = new Option<string[]>("--model") { Description = "package folders to seal", Required = true, AllowMultipleArgumentsPerToken = true };
        var command = new Command("seal", "Record the SHA-256 of every file of unsealed packages (exported before hashes were), so opening them verifies their files.") { models };
        command.SetAction(result =>
        {
            foreach (var directory in result.GetValue(models)!)
            {
                if (PackageIntegrity.CompleteInterruptedSeal(directory))
                {
                    AnsiConsole.MarkupLineInterpolated($"{directory}: completed a seal that was interrupted (every file matches the hash it lists)");
                    continue;
                }
                var manifest = PackageReader.Read(directory);   // refuses a package that is sealed but no longer matches
                if (manifest.Integrity == PackageIntegrityStatus.Verified)
                {
                    AnsiConsole.MarkupLineInterpolated($"{directory}: already sealed, and its files match");
                    continue;
                }
                var files = PackageIntegrity.Seal(directory);
                AnsiConsole.MarkupLineInterpolated($"{directory}: sealed ({files} {(files == 1 ? "file" : "files")} besides the manifest)");
            }
            return 0;
        });
        return command;
    }

    /// <summary>The warning every command that opens packages prints for an unsealed one.</summary>
    public static void WarnIfUnsealed(ModelManifest manifest, string directory)
    {
        if (manifest.Integrity == PackageIntegrityStatus.Unsealed)
            AnsiConsole.MarkupLineInterpolated($"[yellow]warning:[/] {directory} records no integrity hashes (exported before they were), so damaged files would go unnoticed: export it again with tools/pipeline export, or record its files as they are with tools/pipeline seal --model {directory}");
    }
}

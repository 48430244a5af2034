using System.CommandLine;
using Pipeline.Tools.Fuzzing;
using Spectre.Console;

namespace Pipeline.Tools.Commands;

/// <summary>
/// `fuzz-target &lt;name&gt;`: one of <see cref="FuzzTargets"/> as AFL++ runs it through SharpFuzz (tools/fuzz.sh drives it,
/// on an instrumented copy of the tools), or, with --input, once on a file (to replay a finding).
/// </summary>
internal static class FuzzCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("target") { Description = string.Join(", ", FuzzTargets.All.Select(t => t.Name)) };
        var input = new Option<string?>("--input") { Description = "run once on this file instead of under AFL++" };
        var corpus = new Option<string?>("--write-corpus") { Description = "write the target's seeds into this folder (for afl-fuzz -i) instead" };
        var package = new Option<string>("--package") { Description = "the exported package the manifest and package seeds come from", DefaultValueFactory = _ => "exported/vae-mlp" };
        var command = new Command("fuzz-target", "Run a fuzz target under AFL++ (tools/fuzz.sh), once on a file, or write its seeds.") { name, input, corpus, package };
        command.SetAction(result =>
        {
            var target = FuzzTargets.Named(result.GetValue(name)!);
            if (result.GetValue(corpus) is { } folder)
            {
                Directory.CreateDirectory(folder);
                var seeds = FuzzCorpus.Seeds(target.Name, result.GetValue(package)!);
                for (var i = 0; i < seeds.Count; i++) File.WriteAllBytes(Path.Combine(folder, $"seed-{i}"), seeds[i]);
                AnsiConsole.MarkupLineInterpolated($"{seeds.Count} seeds of {target.Name} → {folder}");
                return 0;
            }
            var scratch = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), $"pipeline-fuzz-{Environment.ProcessId}");
            Directory.CreateDirectory(scratch);
            try
            {
                if (result.GetValue(input) is { } file)
                {
                    var accepted = FuzzTargets.Accepts(target, File.ReadAllBytes(file), scratch);
                    AnsiConsole.MarkupLineInterpolated($"{target.Name}: {file} {(accepted ? "was read" : $"was refused with a {target.Expected.Name}")}");
                    return 0;
                }
                SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
                {
                    using var memory = new MemoryStream();
                    stream.CopyTo(memory);
                    FuzzTargets.Accepts(target, memory.ToArray(), scratch);
                });
                return 0;
            }
            finally
            {
                Directory.Delete(scratch, recursive: true);
            }
        });
        return command;
    }
}

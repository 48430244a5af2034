using System.CommandLine;
using System.Globalization;
using Pipeline.Data;
using Pipeline.Runtime.Packages;
using Pipeline.Tools.Soak;
using Spectre.Console;

namespace Pipeline.Tools.Commands;

/// <summary>
/// `soak`: long runs of a small model of every family (<see cref="SoakCases"/>), training then sampling through the runtime,
/// with the resident memory and live tensors they leave behind; prints the table the README reports.
/// </summary>
internal static class SoakCommand
{
    public static Command Create()
    {
        var trainSteps = new Option<long>("--train-steps") { Description = "training steps per model", DefaultValueFactory = _ => 10_000 };
        var samplerSteps = new Option<long>("--sampler-steps") { Description = "runtime sampler steps per model", DefaultValueFactory = _ => 10_000 };
        var family = new Option<string?>("--family") { Description = "only the cases of this family (e.g. adversarial)" };
        var images = new Option<int>("--images") { Description = "training images (the first of Fashion-MNIST's training set)", DefaultValueFactory = _ => 2000 };
        var command = new Command("soak", "Long runs of a small model of every family: resident memory and live TorchSharp tensors over training and over runtime sampling.")
        {
            trainSteps, samplerSteps, family, images,
        };
        command.SetAction(result =>
        {
            var (train, sample) = (result.GetValue(trainSteps), result.GetValue(samplerSteps));
            if (train < 10 || sample < 10) throw new UsageException($"--train-steps {train}, --sampler-steps {sample}: run 10 steps or more of each (memory is read after a tenth)");
            var chosen = SoakCases.All.Where(c => result.GetValue(family) is not { } f || PackageReader.Name(c.Family) == f).ToList();
            if (chosen.Count == 0)
                throw new UsageException($"--family {result.GetValue(family)}: the soak covers {string.Join(", ", SoakCases.All.Select(c => PackageReader.Name(c.Family)).Distinct())}");
            var data = FashionMnist.Load(FashionMnistSplit.Train).Take(BenchCommand.Positive(result.GetValue(images), "--images"));
            var work = Path.Combine(Path.GetTempPath(), $"pipeline-soak-{Guid.NewGuid():N}");
            // The collector decides how training's memory behaves under CollectionPause (tools/native-env.sh): say which one ran.
            var collector = Environment.GetEnvironmentVariable("DOTNET_GCName") is { Length: > 0 } name ? $"standalone {name}" : "the default (regions)";
            AnsiConsole.MarkupLineInterpolated($"garbage collector: {collector}");
            var table = new Table().AddColumns("family", "model", "training steps", "resident MB (a tenth → end)", "drift", "live tensors", "sampler steps", "resident MB", "drift", "time");
            try
            {
                foreach (var soak in chosen)
                {
                    var r = SoakRunner.Run(soak, data, train, sample, work);
                    table.AddRow(PackageReader.Name(r.Family), r.Model, $"{r.TrainSteps:N0}", Megabytes(r.EarlyTrainBytes, r.LateTrainBytes), Percent(r.TrainDrift),
                        $"{r.EarlyTensors:N0} → {r.LateTensors:N0}", $"{r.SamplerSteps:N0} × {r.SamplerStep}", Megabytes(r.EarlySampleBytes, r.LateSampleBytes),
                        Percent(r.SampleDrift), $"{r.Elapsed.TotalSeconds:F0} s");
                    AnsiConsole.MarkupLineInterpolated($"{PackageReader.Name(r.Family)} {r.Model}: training drift {Percent(r.TrainDrift)} ({Megabytes(r.EarlyTrainBytes, r.LateTrainBytes)} MB), live tensors {r.EarlyTensors} → {r.LateTensors}, sampler drift {Percent(r.SampleDrift)} ({r.Elapsed.TotalSeconds:F0} s)");
                }
            }
            finally
            {
                if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static string Megabytes(long early, long late) => string.Create(CultureInfo.InvariantCulture, $"{early / 1e6:F1} → {late / 1e6:F1}");

    private static string Percent(double value) => value.ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture);
}

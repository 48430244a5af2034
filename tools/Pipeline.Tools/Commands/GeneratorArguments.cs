using System.CommandLine;
using Pipeline.Runtime.Adversarial;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;

namespace Pipeline.Tools.Commands;

/// <summary>The sampling option of commands that run an adversarial package: the truncation trick.</summary>
internal sealed class GeneratorArguments
{
    private readonly Option<double?> truncation = new("--truncation")
    {
        Description = "adversarial packages: redraw every |ε| above this bound (the truncation trick; 0.5 to 2, lower is cleaner and less varied)",
    };

    public void AddTo(Command command) => command.Add(truncation);

    /// <summary>The options asked for, or null when none was given; a <see cref="UsageException"/> for a package of another family or a bad bound.</summary>
    public GeneratorSamplingOptions? Options(ParseResult result, IGenerativeModel model)
    {
        if (result.GetValue(truncation) is not double bound) return null;
        if (model is not GeneratorModel)
            throw new UsageException($"--truncation: only for adversarial packages, and {model.Manifest.Name} is {PackageReader.WithArticle(model.Manifest.Family)} package; leave it out");
        var options = new GeneratorSamplingOptions { Truncation = bound };
        options.Validate();   // a bad bound is refused with its reason (exit code 2)
        return options;
    }
}

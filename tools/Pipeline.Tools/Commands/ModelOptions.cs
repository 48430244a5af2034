using System.CommandLine;
using Pipeline.Models.Variational;

namespace Pipeline.Tools.Commands;

/// <summary>Options several `train` commands share, each made fresh per command with that command's default.</summary>
internal static class ModelOptions
{
    public static Option<int> Latent(int defaultValue) =>
        new("--latent") { Description = "size of the code z", DefaultValueFactory = _ => defaultValue };

    public static Option<double> Lambda(double defaultValue, string what) =>
        new("--lambda") { Description = $"weight λ of {what}", DefaultValueFactory = _ => defaultValue };

    public static Option<Likelihood> Likelihood() =>
        new("--likelihood") { Description = "p(x|z): bernoulli (dynamically binarized pixels) or gaussian (fixed σ, pixels in [0, 1])", DefaultValueFactory = _ => Pipeline.Models.Variational.Likelihood.Bernoulli };

    public static Option<double> ObservationStd() =>
        new("--observation-std") { Description = "σ of the Gaussian likelihood", DefaultValueFactory = _ => 0.1 };
}

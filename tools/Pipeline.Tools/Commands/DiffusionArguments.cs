using System.CommandLine;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;

namespace Pipeline.Tools.Commands;

/// <summary>The sampling options of commands that run a diffusion package: sampler, steps, spacing, η, guidance scale and where x_t stays.</summary>
internal sealed class DiffusionArguments
{
    private const int DefaultDdimSteps = 50;

    private readonly Option<DiffusionSamplerKind> sampler = new("--sampler")
    {
        Description = "diffusion packages: ddpm (ancestral, all T steps by default) or ddim (50 steps by default)",
        DefaultValueFactory = _ => DiffusionSamplerKind.Ddpm,
    };

    private readonly Option<int?> steps = new("--steps") { Description = "diffusion packages: reverse steps, 1 to the package's T" };

    private readonly Option<TimestepSpacing> spacing = Spacing();
    private readonly Option<double> eta = new("--eta") { Description = "DDIM's η ≥ 0 (0: deterministic)" };
    private readonly Option<double?> guidance = new("--guidance") { Description = "conditional diffusion packages: classifier-free guidance scale w ≥ 0 (default: the package's; 1: plain conditional)" };

    private readonly Option<DiffusionStatePlacement> state = new("--state")
    {
        Description = "diffusion packages: where x_t stays between steps: host (C# step), device (the provider's memory, the step as a graph there; for --provider cuda) or cudagraph (device, and the denoiser captured once as a CUDA graph and replayed; --provider cuda)",
        DefaultValueFactory = _ => DiffusionStatePlacement.Host,
    };

    public void AddTo(Command command)
    {
        command.Add(sampler);
        command.Add(steps);
        command.Add(spacing);
        command.Add(eta);
        command.Add(guidance);
        command.Add(state);
    }

    /// <summary>
    /// The options asked for, or null when none was given (the model's defaults). Throws a <see cref="UsageException"/>
    /// when one is given for a model that is not a diffusion package or is out of range.
    /// </summary>
    /// <summary>The --state given (host by default), before a package is open.</summary>
    public DiffusionStatePlacement State(ParseResult result) => result.GetValue(state);

    public DiffusionSamplingOptions? Options(ParseResult result, IGenerativeModel model)
    {
        Option[] all = [sampler, steps, spacing, eta, guidance, state];
        var given = all.Where(o => result.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
        if (given.Count == 0) return null;
        if (model is not DiffusionModel diffusion)
            throw new UsageException($"{string.Join(", ", given)}: only for diffusion packages, and {model.Manifest.Name} is {PackageReader.WithArticle(model.Manifest.Family)} package; leave them out");
        var kind = result.GetValue(sampler);
        var stepCount = result.GetValue(steps) ?? (kind == DiffusionSamplerKind.Ddim ? DefaultDdimSteps : (int?)null);
        var timesteps = diffusion.Schedule.TrainTimesteps;
        if (stepCount is { } n && (n < 1 || n > timesteps))
            throw new UsageException($"--steps {n}: use 1 to {timesteps} (the package's timesteps)");
        var etaValue = result.GetValue(eta);
        if (!double.IsFinite(etaValue) || etaValue < 0) throw new UsageException($"--eta {etaValue}: use η ≥ 0 (0: deterministic DDIM)");
        if (etaValue != 0 && kind != DiffusionSamplerKind.Ddim) throw new UsageException("--eta is DDIM's: add --sampler ddim");
        var scale = CheckGuidance(result.GetValue(guidance));
        if (scale is not null && !diffusion.IsConditional) throw new UsageException($"--guidance: {model.Manifest.Name} is not class-conditional; leave it out");
        return new DiffusionSamplingOptions
        {
            Sampler = kind, Steps = stepCount, Spacing = result.GetValue(spacing), Eta = etaValue, GuidanceScale = scale, StatePlacement = result.GetValue(state),
        };
    }

    /// <summary>--spacing, for every command that samples a diffusion package (eval has its own step options).</summary>
    public static Option<TimestepSpacing> Spacing() => new("--spacing")
    {
        Description = "diffusion packages: which timesteps the steps visit: leading (multiples of ⌊T/steps⌋, from 0), trailing (from T − 1 down) or linspace",
        DefaultValueFactory = _ => TimestepSpacing.Leading,
    };

    /// <summary>The --guidance value of any command, or a <see cref="UsageException"/> when it is negative or not finite.</summary>
    public static double? CheckGuidance(double? scale) =>
        scale is { } w && (!double.IsFinite(w) || w < 0) ? throw new UsageException($"--guidance {w}: use w ≥ 0 (1: plain conditional, 0: unconditional)") : scale;
}

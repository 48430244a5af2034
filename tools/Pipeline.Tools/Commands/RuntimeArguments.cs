using System.CommandLine;
using Pipeline.Runtime.Sessions;

namespace Pipeline.Tools.Commands;

/// <summary>The options of every command that runs a package: which model and which execution provider.</summary>
internal sealed class RuntimeArguments
{
    private readonly Option<string> model = new("--model") { Description = "exported package folder, e.g. exported/vae-mlp", Required = true };
    private readonly Option<ExecutionProvider> provider = new("--provider") { Description = "cpu, cuda or tensorrt", DefaultValueFactory = _ => ExecutionProvider.Cpu };
    private readonly Option<bool> fallback = new("--allow-cpu-fallback") { Description = "run on the CPU when the GPU provider cannot load" };

    public void AddTo(Command command)
    {
        command.Add(model);
        command.Add(provider);
        command.Add(fallback);
    }

    public string Model(ParseResult result) => result.GetValue(model)!;

    public RuntimeOptions Options(ParseResult result) =>
        new() { Provider = result.GetValue(provider), AllowCpuFallback = result.GetValue(fallback) };
}

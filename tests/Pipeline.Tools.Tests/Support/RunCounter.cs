using Pipeline.Runtime.Sessions;

namespace Pipeline.Tools.Tests.Support;

/// <summary>Counts the runs of each network file of the sessions opened with it.</summary>
internal sealed class RunCounter : INetworkObserver
{
    public Dictionary<string, int> Runs { get; } = new();

    public void Running(string modelPath, IReadOnlyList<ObservedInput> inputs) =>
        Runs[Path.GetFileName(modelPath)] = Runs.GetValueOrDefault(Path.GetFileName(modelPath)) + 1;
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Tools.Distributed;

/// <summary>Which rank ended an MPI job and how, read from mpirun's own report of it.</summary>
internal sealed partial record RankFailure(int Rank, string How)
{
    /// <summary>The first failure mpirun reports in <paramref name="output"/> (its messages are wrapped across lines), or null.</summary>
    public static RankFailure? Find(string output)
    {
        var text = Regex.Replace(output, @"\s+", " ");
        if (KilledBySignal().Match(text) is { Success: true } killed)
            return new(RankOf(killed), $"died on {killed.Groups["node"].Value}: signal {killed.Groups["signal"].Value} ({killed.Groups["name"].Value})");
        if (Aborted().Match(text) is { Success: true } aborted)
            return new(RankOf(aborted), $"failed with exit code {aborted.Groups["code"].Value} (its error is printed above)");
        if (ExitedNonZero().Match(text) is { Success: true } exited)
            return new(RankOf(exited), $"exited with code {exited.Groups["code"].Value}");
        return null;
    }

    private static int RankOf(Match match) => int.Parse(match.Groups["rank"].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"process rank (?<rank>\d+) with PID \d+ on node (?<node>\S+) exited on signal (?<signal>\d+) \((?<name>[^)]*)\)")]
    private static partial Regex KilledBySignal();

    [GeneratedRegex(@"MPI_ABORT was invoked on rank (?<rank>\d+) in communicator \S+ with errorcode (?<code>-?\d+)")]
    private static partial Regex Aborted();

    [GeneratedRegex(@"Process name: \[\[\d+,\d+\],(?<rank>\d+)\] Exit code: (?<code>-?\d+)")]
    private static partial Regex ExitedNonZero();
}

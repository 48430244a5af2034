using NUnit.Framework;
using Pipeline.Tests.Support;

namespace Pipeline.Tools.Tests.Support;

/// <summary>
/// Two "hosts" on this machine: two network namespaces joined by a veth pair (10.213.7.1 and 10.213.7.2), each seen
/// under its own hostname (nodea, nodeb), a hostfile naming them, and a launch agent that mpirun uses in place of ssh
/// (it runs the command inside the host's namespace and logs the launch). MPI's traffic between them is real TCP.
/// Needs root (CAP_NET_ADMIN); the namespaces are deleted on disposal.
/// </summary>
internal sealed class TwoHostNetwork : IDisposable
{
    public const string Subnet = "10.213.7.0/24";

    private readonly string[] namespaces;
    private readonly TempDirectory directory = new();

    public TwoHostNetwork()
    {
        if (Environment.UserName != "root") Assert.Ignore("network namespaces need root (CAP_NET_ADMIN): run the tests as root, as CI does");
        var tag = Environment.ProcessId % 100000;
        namespaces = [$"pl{tag}a", $"pl{tag}b"];
        foreach (var name in namespaces) Ip(true, "netns", "del", name);
        Ip(false, "netns", "add", namespaces[0]);
        Ip(false, "netns", "add", namespaces[1]);
        Ip(false, "link", "add", $"{namespaces[0]}0", "netns", namespaces[0], "type", "veth", "peer", "name", $"{namespaces[1]}0", "netns", namespaces[1]);
        for (var host = 0; host < 2; host++)
        {
            Ip(false, "-n", namespaces[host], "addr", "add", $"10.213.7.{host + 1}/24", "dev", $"{namespaces[host]}0");
            Ip(false, "-n", namespaces[host], "link", "set", $"{namespaces[host]}0", "up");
            Ip(false, "-n", namespaces[host], "link", "set", "lo", "up");
        }
        File.WriteAllText(HostFile, "10.213.7.1 slots=1\n10.213.7.2 slots=1\n");
        File.WriteAllText(Agent, $$"""
            #!/bin/bash
            # mpirun's launch agent (plm_rsh_agent) for the two test hosts: "agent [options] host command…", as ssh is called.
            while [[ $1 == -* ]]; do shift; done
            host=$1; shift
            case $host in
              10.213.7.1) ns={{namespaces[0]}}; name=nodea ;;
              10.213.7.2) ns={{namespaces[1]}}; name=nodeb ;;
              *) echo "agent: unknown host $host" >&2; exit 255 ;;
            esac
            echo "$name" >> {{LaunchLog}}
            exec ip netns exec "$ns" unshare --uts sh -c "hostname $name; exec $*"
            """);
    }

    public string HostFile => directory.File("hosts");

    public string Agent => directory.File("agent.sh");

    /// <summary>The hosts the agent launched daemons on, one line each.</summary>
    public string LaunchLog => directory.File("launches.log");

    /// <summary>
    /// Runs `mpirun -np 2 --hostfile …` from host nodea (inside its namespace), over TCP on <see cref="Subnet"/> only;
    /// <paramref name="command"/> is what each rank runs.
    /// </summary>
    public (int ExitCode, string Output) MpiRun(IEnumerable<string> command, TimeSpan limit) =>
        ToolsProcess.RunProgram("ip",
            ["netns", "exec", namespaces[0], "unshare", "--uts", "sh", "-c", "hostname nodea; exec \"$0\" \"$@\"",
             "mpirun", "-np", "2", "--hostfile", HostFile, "--allow-run-as-root", "--mca", "plm_rsh_agent", $"bash {Agent}",
             "--mca", "btl", "tcp,self", "--mca", "btl_tcp_if_include", Subnet, "--mca", "oob_tcp_if_include", Subnet, .. command],
            limit);

    public void Dispose()
    {
        foreach (var name in namespaces) Ip(true, "netns", "del", name);
        directory.Dispose();
    }

    private static void Ip(bool mayFail, params string[] arguments)
    {
        var (code, output) = ToolsProcess.RunProgram("ip", arguments, TimeSpan.FromSeconds(30));
        if (code != 0 && !mayFail) Assert.Fail($"ip {string.Join(' ', arguments)} failed: {output}");
    }
}

namespace Pipeline.Runtime.Packages;

/// <summary>Checks that a network of a manifest has a named input or output of the shape a family's contract needs.</summary>
internal static class NetworkContract
{
    private const string Fix = "export it again with tools/pipeline export";

    public static void RequireInput(NetworkManifest network, string role, string name, long[] shape, string source, string contract) =>
        Require(network.Inputs, "input", role, name, shape, source, contract);

    public static void RequireOutput(NetworkManifest network, string role, string name, long[] shape, string source, string contract) =>
        Require(network.Outputs, "output", role, name, shape, source, contract);

    private static void Require(IReadOnlyList<TensorSpec> specs, string kind, string role, string name, long[] shape, string source, string contract)
    {
        var spec = specs.FirstOrDefault(s => s.Name == name)
            ?? throw new PackageException($"{source}: the {role} network has no {kind} '{name}' (it has {string.Join(", ", specs.Select(s => s.Name))}): {Fix}");
        if (!spec.Shape.SequenceEqual(shape))
            throw new PackageException($"{source}: the {role} {kind} is {spec} but the {contract} contract needs {new TensorSpec(name, shape)}: {Fix}");
    }
}

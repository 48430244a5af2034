using Pipeline.Runtime.Packages;

namespace Pipeline.Runtime.Models;

/// <summary>The class labels of a sampling request, checked against the package's classes (shared by the samplers' models).</summary>
internal static class ClassLabels
{
    /// <summary>
    /// One label per image for a conditional package: <paramref name="label"/> for all, or every class in turn when it is
    /// null; null for an unconditional one (which must be given no class).
    /// </summary>
    public static int[]? For(ModelManifest manifest, int count, int? label)
    {
        if (manifest.Classes is null)
        {
            if (label is not null) throw new ArgumentException($"{manifest.Name} is not conditional: sample without a class");
            return null;
        }
        if (label is { } c) Check(manifest, c);
        return Enumerable.Range(0, count).Select(i => label ?? i % manifest.Classes.Count).ToArray();
    }

    /// <summary>Throws unless <paramref name="label"/> is one of the package's classes.</summary>
    public static void Check(ModelManifest manifest, int label)
    {
        var classes = manifest.Classes!;
        if ((uint)label >= (uint)classes.Count)
            throw new ArgumentOutOfRangeException(nameof(label), label, $"class labels are 0..{classes.Count - 1} ({string.Join(", ", classes.Names)})");
    }
}

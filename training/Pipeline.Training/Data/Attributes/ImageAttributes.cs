using System.Text.Json;

namespace Pipeline.Data.Attributes;

/// <summary>The names of <see cref="ImageAttribute"/>s as manifests and command lines write them ("area", "thickness").</summary>
public static class ImageAttributes
{
    /// <summary>The snake_case name of <paramref name="attribute"/>.</summary>
    public static string Name(ImageAttribute attribute) => JsonNamingPolicy.SnakeCaseLower.ConvertName(attribute.ToString());

    /// <summary>The attribute named <paramref name="name"/> (any case), or an <see cref="ArgumentException"/> naming the choices.</summary>
    public static ImageAttribute Parse(string name)
    {
        foreach (var attribute in Enum.GetValues<ImageAttribute>())
            if (string.Equals(Name(attribute), name.Trim(), StringComparison.OrdinalIgnoreCase)) return attribute;
        throw new ArgumentException($"'{name}' is not an attribute: use {string.Join(", ", Enum.GetValues<ImageAttribute>().Select(Name))}");
    }
}

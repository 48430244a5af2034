using Pipeline.Export.Rules;
using TorchSharp;

namespace Pipeline.Export;

/// <summary>
/// The export rules, by module type. <see cref="Default"/> holds a rule for each of TorchSharp's supported layers;
/// register one for a module type of your own with <see cref="Register"/> (or implement <see cref="IOnnxExportModule"/>
/// on the module). A module type is looked up exactly first, then through its base types.
/// </summary>
public sealed class OnnxExportRules
{
    private readonly Dictionary<Type, IOnnxExportRule> rules = new();

    /// <summary>The process-wide rules: the built-in ones and those registered on it.</summary>
    public static OnnxExportRules Default { get; } = WithBuiltIns();

    /// <summary>A new set holding the built-in rules only.</summary>
    public static OnnxExportRules WithBuiltIns()
    {
        var set = new OnnxExportRules();
        foreach (var rule in BuiltInRules.All()) set.Register(rule);
        return set;
    }

    /// <summary>Adds <paramref name="rule"/>, replacing any rule for the same module type.</summary>
    public OnnxExportRules Register(IOnnxExportRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (rules) rules[rule.ModuleType] = rule;
        return this;
    }

    /// <summary>The module types with a rule, by name.</summary>
    public IReadOnlyList<string> ModuleTypes
    {
        get
        {
            lock (rules) return rules.Keys.Select(t => t.Name).Order(StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>The rule for <paramref name="module"/>, or an exception naming its type and the two ways to add one.</summary>
    public IOnnxExportRule For(torch.nn.Module module)
    {
        lock (rules)
        {
            for (var type = module.GetType(); type is not null; type = type.BaseType)
                if (rules.TryGetValue(type, out var rule)) return rule;
        }
        throw new OnnxExportException(
            $"{module.GetType().FullName} has no ONNX export rule. Implement {nameof(IOnnxExportModule)} on the module " +
            $"(its ExportOnnx adds its forward pass through the graph builder), or register a rule for its type: " +
            $"OnnxExportRules.Default.Register(new MyRule()) with MyRule : OnnxExportRule<{module.GetType().Name}>.");
    }
}

using System.Collections;
using System.Diagnostics.CodeAnalysis;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Checkpoints;

/// <summary>A dictionary whose enumeration yields its first entries and then throws, to make a write fail midway.</summary>
internal sealed class FailingTensorDictionary(IReadOnlyList<KeyValuePair<string, Tensor>> entries) : IReadOnlyDictionary<string, Tensor>
{
    public Tensor this[string key] => entries.First(e => e.Key == key).Value;

    public IEnumerable<string> Keys => entries.Select(e => e.Key);

    public IEnumerable<Tensor> Values => entries.Select(e => e.Value);

    public int Count => entries.Count + 1;

    public bool ContainsKey(string key) => entries.Any(e => e.Key == key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out Tensor value)
    {
        value = entries.FirstOrDefault(e => e.Key == key).Value;
        return value is not null;
    }

    public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator()
    {
        foreach (var entry in entries) yield return entry;
        throw new IOException("simulated failure while writing");
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

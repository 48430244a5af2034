using Pipeline.Runtime.Packages;

namespace Pipeline.Runtime.Models;

/// <summary>A loaded package that generates images. Thread-safe: one instance may sample from several threads at once.</summary>
public interface IGenerativeModel : IDisposable
{
    /// <summary>The package's manifest.</summary>
    ModelManifest Manifest { get; }

    /// <summary>
    /// <paramref name="count"/> images drawn with <paramref name="seed"/> (same seed, same images, bit for bit on CPU);
    /// conditional models generate class <paramref name="label"/>, or every class in turn when it is null.
    /// </summary>
    ImageBatch Sample(int count, long seed, int? label = null);
}

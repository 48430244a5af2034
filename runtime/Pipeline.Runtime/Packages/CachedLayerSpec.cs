namespace Pipeline.Runtime.Packages;

/// <summary>A layer whose input an incremental PixelCNN's runtime caches: its channels and the k of its k×k kernel.</summary>
public sealed record CachedLayerSpec(int Channels, int Kernel);

namespace Pipeline.Export;

/// <summary>One masked convolution of an incremental PixelCNN: the runtime caches its input (channels) and feeds it k×k patches.</summary>
public sealed record CachedLayer(int Channels, int Kernel);

namespace Pipeline.Runtime.Images;

/// <summary>How the bytes of an <see cref="Image"/> are laid out; the values are PNG colour types (0 grey, 2 RGB).</summary>
public enum PixelFormat
{
    /// <summary>One byte per pixel, 0 black to 255 white.</summary>
    Grayscale = 0,

    /// <summary>Three bytes per pixel: red, green, blue.</summary>
    Rgb = 2,
}

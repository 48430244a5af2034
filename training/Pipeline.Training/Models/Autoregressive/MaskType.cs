namespace Pipeline.Models.Autoregressive;

/// <summary>
/// Which taps of a k×k kernel a masked convolution keeps (grayscale images; van den Oord et al. 2016). PixelCNN uses
/// <see cref="A"/> then <see cref="B"/>; the gated PixelCNN's vertical stack uses <see cref="VerticalA"/> then
/// <see cref="Vertical"/> and its horizontal stack <see cref="HorizontalA"/> then <see cref="HorizontalB"/>.
/// </summary>
public enum MaskType
{
    /// <summary>The rows above and the pixels to the left: the first layer, which must not see the pixel it predicts.</summary>
    A,

    /// <summary>Type A plus the centre tap: every later layer (the centre carries only what came before).</summary>
    B,

    /// <summary>The rows strictly above the centre, every column: the vertical stack's first layer (it sees only rows above).</summary>
    VerticalA,

    /// <summary>The rows up to and including the centre row, every column: later vertical layers (their input already sees only rows above).</summary>
    Vertical,

    /// <summary>The centre row, the taps left of the centre: the horizontal stack's first layer.</summary>
    HorizontalA,

    /// <summary>The centre row up to and including the centre: later horizontal layers.</summary>
    HorizontalB,
}

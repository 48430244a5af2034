namespace Pipeline.Models.Autoregressive;

/// <summary>Which taps of a k×k kernel a masked convolution keeps (van den Oord et al. 2016, grayscale images).</summary>
public enum MaskType
{
    /// <summary>The rows above and the pixels to the left: the first layer, which must not see the pixel it predicts.</summary>
    A,

    /// <summary>Type A plus the centre tap: every later layer (the centre carries only what came before).</summary>
    B,
}

namespace Pipeline.Models.Autoencoders;

/// <summary>
/// What the decoder's last layer applies (seed 000: none, so the code and the output are plain
/// points; a sigmoid when pixels are in [0, 1]).
/// </summary>
public enum OutputActivation
{
    None,
    Sigmoid,
}

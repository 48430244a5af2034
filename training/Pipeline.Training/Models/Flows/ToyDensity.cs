namespace Pipeline.Models.Flows;

/// <summary>The 2-D toy densities a flow can learn (drawn by <see cref="Pipeline.Data.Toy2D"/>).</summary>
public enum ToyDensity
{
    TwoMoons,
    EightGaussians,
    Checkerboard,
}

namespace Pipeline.Runtime.Diffusion;

/// <summary>A region of an image to regenerate by <c>DiffusionModel.Inpaint</c> (see <see cref="InpaintMask.Hiding"/>).</summary>
public enum MaskRegion
{
    /// <summary>The lower half of the rows.</summary>
    BottomHalf,

    /// <summary>The upper half of the rows.</summary>
    TopHalf,

    /// <summary>The left half of the columns.</summary>
    LeftHalf,

    /// <summary>The right half of the columns.</summary>
    RightHalf,

    /// <summary>The central square of half the height and half the width.</summary>
    Center,
}

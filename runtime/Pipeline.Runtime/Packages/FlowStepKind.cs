namespace Pipeline.Runtime.Packages;

/// <summary>The kinds of step on a flow's path x → z (manifest "flow.steps[].kind").</summary>
public enum FlowStepKind
{
    /// <summary>z = (x − bias) ⊙ exp(−log_scale) per channel.</summary>
    ActNorm,

    /// <summary>
    /// An affine coupling: with the mask b and (s, m) = network(b ⊙ x), z = b ⊙ x + (1 − b) ⊙ (x − m) ⊙ exp(−s);
    /// generating, x = b ⊙ z + (1 − b) ⊙ (exp(s) ⊙ z + m).
    /// </summary>
    Coupling,

    /// <summary>[C, H, W] → [4C, H/2, W/2]: out[4c + 2i + j, h, w] = in[c, 2h + i, 2w + j].</summary>
    Squeeze,

    /// <summary>The second half of the channels leaves the flow as the next part of z; the first half goes on.</summary>
    Split,
}

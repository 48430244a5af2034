using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Flows;

/// <summary>
/// The affine coupling layer of seed 003 (§III): generating, X₁ = Z₁ and X₂ = exp(s(Z₁)) ⊙ Z₂ + m(Z₁); its inverse h,
/// Z₂ = (X₂ − m(X₁)) ⊙ exp(−s(X₁)), has a triangular Jacobian with log|det J_h| = −Σ s(X₁). Z₁ are the entries the mask
/// b keeps; s and m come from the <see cref="CouplingNetwork"/> and only act on the others (1 − b).
/// </summary>
public sealed class AffineCoupling : nn.Module
{
    private readonly CouplingNetwork network;

    public AffineCoupling(FlowStep step, long hidden, int blocks, long kernel) : base(nameof(AffineCoupling))
    {
        Step = step;
        network = new CouplingNetwork(step, hidden, blocks, kernel);
        RegisterComponents();
    }

    /// <summary>The step this coupling is on the flow's path (its shape, mask and parity).</summary>
    public FlowStep Step { get; }

    /// <summary>The conditioner (s, m), exported as a network of the package.</summary>
    public CouplingNetwork Network => network;

    /// <summary>h: x → z and log|det ∂z/∂x| per item [N].</summary>
    public (Tensor Z, Tensor LogDet) Normalize(Tensor x)
    {
        var b = network.Mask;
        var kept = b * x;
        var (s, m) = network.call(kept);
        var transformed = 1 - b;
        var z = kept + transformed * ((x - m) * (-s).exp());          // Z₂ = (X₂ − m(X₁)) ⊙ exp(−s(X₁))
        return (z, -(transformed * s).flatten(1).sum(1));            // log|det J_h| = −Σ s over the transformed entries
    }

    /// <summary>g = h⁻¹: z → x.</summary>
    public Tensor Generate(Tensor z)
    {
        var b = network.Mask;
        var kept = b * z;
        var (s, m) = network.call(kept);
        return kept + (1 - b) * (s.exp() * z + m);                    // X₂ = exp(s(Z₁)) ⊙ Z₂ + m(Z₁)
    }
}

using Pipeline.Models.Flows;

namespace Pipeline.Export;

/// <summary>What the manifest's "flow" section says about a normalizing flow: its data, and every step of its path x → z.</summary>
public interface IFlowExport
{
    /// <summary>The data's shape [C, H, W].</summary>
    long[] Shape { get; }

    /// <summary>Images (dequantization and logit transform on the path) or points.</summary>
    FlowInput Input { get; }

    /// <summary>α of the logit transform (images).</summary>
    double LogitAlpha { get; }

    /// <summary>The path from x to z.</summary>
    IReadOnlyList<FlowStep> Steps { get; }

    /// <summary>(b, log s) of act-norm <paramref name="module"/>, one value per channel.</summary>
    (float[] Bias, float[] LogScale) ActNormValues(int module);

    /// <summary>The role of coupling <paramref name="module"/>'s conditioner network in the package.</summary>
    string CouplingRole(int module);
}

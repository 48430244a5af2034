namespace Pipeline.Export;

/// <summary>A model whose networks can be exported to ONNX as a package of the given family.</summary>
public interface IExportableModel
{
    ExportFamily Family { get; }

    /// <summary>Size of the latent code z the decoder takes.</summary>
    int LatentSize { get; }

    /// <summary>Number of classes of a conditional model (its networks take a one-hot "label" input), else null.</summary>
    int? ClassCount { get; }

    /// <summary>
    /// The networks, in evaluation mode, with the roles and names the runtime expects:
    /// "encoder" (input "image" [N,1,28,28] (+ "label" [N,C]) → "latent", or "mean" and "log_var"),
    /// "decoder" (input "latent" [N,Z] (+ "label") → "image" [N,1,28,28], pixel intensities in [0, 1]).
    /// </summary>
    IReadOnlyList<ExportableNetwork> ExportNetworks();
}

namespace Pipeline.Export;

/// <summary>A model whose networks can be exported to ONNX.</summary>
public interface IExportableModel
{
    /// <summary>The networks, in evaluation mode, with the roles the runtime expects for the model's family.</summary>
    IReadOnlyList<ExportableNetwork> ExportNetworks();
}

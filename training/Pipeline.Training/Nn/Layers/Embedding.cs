using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>A lookup table: int64 indices [...] → vectors [..., EmbeddingDim]; initialized N(0, 1).</summary>
public sealed class Embedding : Module<Tensor, Tensor>, IOnnxExportable
{
    public Embedding(long count, long embeddingDim, Generator? generator = null)
    {
        Count = count;
        EmbeddingDim = embeddingDim;
        Weight = RegisterParameter("weight", Torch.Empty(new[] { count, embeddingDim }));
        Init.Normal_(Weight, 0, 1, generator);
    }

    public long Count { get; }
    public long EmbeddingDim { get; }
    public Tensor Weight { get; }

    public override Tensor Forward(Tensor input) => Functional.Embedding(input, Weight);

    /// <summary>Gathers rows of the table at the (int64) input indices.</summary>
    public string ExportOnnx(OnnxGraph graph, string input) =>
        graph.Node("Gather", new[] { graph.Parameter("weight", Weight), input }, graph.ShapeOf(input).Append(EmbeddingDim).ToArray());
}

namespace Pipeline.Runtime.Sessions;

/// <summary>How much ONNX Runtime rewrites a graph when it loads it (its GraphOptimizationLevel).</summary>
public enum GraphOptimization
{
    /// <summary>No rewriting: the graph runs as exported.</summary>
    None,

    /// <summary>Constant folding and removal of redundant nodes.</summary>
    Basic,

    /// <summary>Basic, and fusions of common node groups (e.g. Conv + activation, GELU, layer normalization).</summary>
    Extended,

    /// <summary>Extended, and layout transformations for the CPU (the default).</summary>
    All,
}

namespace Pipeline.Tensors;

/// <summary>How a loss reduces its per-element values (values match libtorch's at::Reduction).</summary>
public enum Reduction
{
    None = 0,
    Mean = 1,
    Sum = 2,
}

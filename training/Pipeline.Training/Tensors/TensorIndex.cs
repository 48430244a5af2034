namespace Pipeline.Tensors;

/// <summary>One position of a tensor indexer: an integer (select) or a range (slice).</summary>
public readonly struct TensorIndex
{
    private readonly long? single;
    private readonly Range range;

    private TensorIndex(long? single, Range range)
    {
        this.single = single;
        this.range = range;
    }

    public static implicit operator TensorIndex(long index) => new(index, default);

    public static implicit operator TensorIndex(int index) => new(index, default);

    public static implicit operator TensorIndex(Range range) => new(null, range);

    internal Tensor Apply(Tensor tensor, ref int dim)
    {
        if (single is long index) return tensor.Select(dim, index);
        var length = tensor.Size(dim);
        var (offset, count) = range.GetOffsetAndLength(checked((int)length));
        var result = tensor.Slice(dim, offset, offset + count);
        dim++;
        return result;
    }
}

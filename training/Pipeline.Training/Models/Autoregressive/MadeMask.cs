namespace Pipeline.Models.Autoregressive;

/// <summary>
/// One mask of a MADE ensemble: a variable order and the degrees m^l(k) of every layer's units (layer 0 is the input,
/// degree = rank in the order), from which every connectivity mask follows (<see cref="AutoregressiveMasks"/>).
/// </summary>
public sealed record MadeMask(int[] Order, IReadOnlyList<int[]> Degrees)
{
    /// <summary>
    /// Mask <paramref name="index"/> of a MADE of <paramref name="config"/>: mask 0 has the config's order and the hidden degrees
    /// drawn with its mask seed; each further mask draws its own degrees and, order-agnostic, its own order.
    /// </summary>
    public static MadeMask Create(MadeConfig config, int index)
    {
        var size = config.ImageSize * config.ImageSize;
        var order = index > 0 && config.OrderAgnostic ? AutoregressiveMasks.Shuffled(size, config.MaskSeed * 7919 + index)
            : config.ShuffledOrder ? AutoregressiveMasks.Shuffled(size, config.MaskSeed)
            : AutoregressiveMasks.Natural(size);
        var random = new Random(index == 0 ? config.MaskSeed : config.MaskSeed * 1_000_003 + index);
        var degrees = new List<int[]> { AutoregressiveMasks.InputDegrees(order) };
        foreach (var units in config.HiddenSizes) degrees.Add(AutoregressiveMasks.HiddenDegrees(units, degrees[^1].Min(), size, random));
        return new MadeMask(order, degrees);
    }

    /// <summary>The masks of the hidden layers then the output layer, as [out, in] 0/1 tensors.</summary>
    public IEnumerable<TorchSharp.torch.Tensor> LayerMasks()
    {
        for (var l = 1; l < Degrees.Count; l++) yield return AutoregressiveMasks.Hidden(Degrees[l], Degrees[l - 1]);
        yield return AutoregressiveMasks.Output(Degrees[0], Degrees[^1]);
    }
}

namespace Pipeline.Tensors;

/// <summary>Where a tensor lives: the CPU, or one CUDA device.</summary>
public readonly record struct Device(DeviceType Type, int Index)
{
    public static Device Cpu { get; } = new(DeviceType.Cpu, -1);

    public static Device Cuda(int index = 0) => new(DeviceType.Cuda, index);

    /// <summary>Parses "cpu", "cuda" or "cuda:N".</summary>
    public static Device Parse(string text)
    {
        var value = text.Trim().ToLowerInvariant();
        if (value == "cpu") return Cpu;
        if (value == "cuda") return Cuda();
        if (value.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(value[5..], out var index) && index >= 0)
            return Cuda(index);
        throw new ArgumentException($"unknown device '{text}': use cpu, cuda or cuda:N");
    }

    public override string ToString() => Type == DeviceType.Cpu ? "cpu" : Index < 0 ? "cuda" : $"cuda:{Index}";
}

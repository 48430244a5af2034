namespace Pipeline.Tensors;

/// <summary>Kinds of device; the values are libtorch's c10::DeviceType codes.</summary>
public enum DeviceType
{
    Cpu = 0,
    Cuda = 1,
}

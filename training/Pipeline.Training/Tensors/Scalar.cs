using System.Runtime.InteropServices;

namespace Pipeline.Tensors;

/// <summary>
/// A number passed to a tensor operation. It keeps its kind, so that
/// <c>intTensor + 1</c> stays an integer tensor and <c>intTensor + 0.5</c> becomes a float one,
/// as in PyTorch. The layout matches PlScalar in the native shim.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Scalar
{
    private readonly int kind;
    private readonly int padding;
    private readonly double real;
    private readonly long integer;

    private Scalar(int kind, double real, long integer)
    {
        this.kind = kind;
        padding = 0;
        this.real = real;
        this.integer = integer;
    }

    public bool IsInteger => kind == 1;

    public bool IsBoolean => kind == 2;

    public double ToDouble() => kind == 0 ? real : integer;

    public static implicit operator Scalar(double value) => new(0, value, 0);

    public static implicit operator Scalar(float value) => new(0, value, 0);

    public static implicit operator Scalar(long value) => new(1, value, value);

    public static implicit operator Scalar(int value) => new(1, value, value);

    public static implicit operator Scalar(bool value) => new(2, value ? 1 : 0, value ? 1 : 0);

    public override string ToString() => kind switch
    {
        0 => real.ToString(System.Globalization.CultureInfo.InvariantCulture),
        1 => integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => integer != 0 ? "true" : "false",
    };
}

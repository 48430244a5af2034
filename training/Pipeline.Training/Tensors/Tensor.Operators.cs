using Pipeline.Tensors.Native;

namespace Pipeline.Tensors;

public sealed partial class Tensor
{
    public static Tensor operator -(Tensor a) => a.Neg();
    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);
    public static Tensor operator +(Tensor a, Scalar b) => a.Add(b);
    public static Tensor operator +(Scalar a, Tensor b) => b.Add(a);
    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);
    public static Tensor operator -(Tensor a, Scalar b) => a.Sub(b);
    public static Tensor operator -(Scalar a, Tensor b) => ScalarOnLeft(a, b, BinaryOp.Sub);
    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);
    public static Tensor operator *(Tensor a, Scalar b) => a.Mul(b);
    public static Tensor operator *(Scalar a, Tensor b) => b.Mul(a);
    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);
    public static Tensor operator /(Tensor a, Scalar b) => a.Div(b);
    public static Tensor operator /(Scalar a, Tensor b) => ScalarOnLeft(a, b, BinaryOp.Div);
    public static Tensor operator %(Tensor a, Scalar b) => a.Remainder(b);
    public static Tensor operator <(Tensor a, Tensor b) => a.Lt(b);
    public static Tensor operator >(Tensor a, Tensor b) => a.Gt(b);
    public static Tensor operator <=(Tensor a, Tensor b) => a.Le(b);
    public static Tensor operator >=(Tensor a, Tensor b) => a.Ge(b);
    public static Tensor operator <(Tensor a, Scalar b) => a.Lt(b);
    public static Tensor operator >(Tensor a, Scalar b) => a.Gt(b);
    public static Tensor operator <=(Tensor a, Scalar b) => a.Le(b);
    public static Tensor operator >=(Tensor a, Scalar b) => a.Ge(b);
    public static Tensor operator &(Tensor a, Tensor b) => a.LogicalAnd(b);
    public static Tensor operator |(Tensor a, Tensor b) => a.LogicalOr(b);
    public static Tensor operator ^(Tensor a, Tensor b) => a.LogicalXor(b);
    public static Tensor operator !(Tensor a) => a.LogicalNot();
}

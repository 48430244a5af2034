using Pipeline.Tensors.Native;

namespace Pipeline.Tensors;

public sealed partial class Tensor
{
    private Tensor Unary(UnaryOp op) => Wrap(NativeMethods.pl_unary(Handle, op));

    private Tensor UnaryInPlace(UnaryOp op)
    {
        NativeMethods.Check(NativeMethods.pl_unary_(Handle, op));
        return this;
    }

    private Tensor Binary(Tensor other, BinaryOp op) => Wrap(NativeMethods.pl_binary(Handle, other.Handle, op));

    private Tensor Binary(Scalar other, BinaryOp op) => Wrap(NativeMethods.pl_binary_scalar(Handle, other, op, 0));

    private Tensor BinaryInPlace(Tensor other, BinaryOp op)
    {
        NativeMethods.Check(NativeMethods.pl_binary_(Handle, other.Handle, op));
        return this;
    }

    private Tensor BinaryInPlace(Scalar other, BinaryOp op)
    {
        NativeMethods.Check(NativeMethods.pl_binary_scalar_(Handle, other, op));
        return this;
    }

    internal static Tensor ScalarOnLeft(Scalar left, Tensor right, BinaryOp op) =>
        Wrap(NativeMethods.pl_binary_scalar(right.Handle, left, op, 1));

    public Tensor Neg() => Unary(UnaryOp.Neg);
    public Tensor Abs() => Unary(UnaryOp.Abs);
    public Tensor Sign() => Unary(UnaryOp.Sign);
    public Tensor Exp() => Unary(UnaryOp.Exp);
    public Tensor Expm1() => Unary(UnaryOp.Expm1);
    public Tensor Log() => Unary(UnaryOp.Log);
    public Tensor Log1p() => Unary(UnaryOp.Log1p);
    public Tensor Log2() => Unary(UnaryOp.Log2);
    public Tensor Sqrt() => Unary(UnaryOp.Sqrt);
    public Tensor Rsqrt() => Unary(UnaryOp.Rsqrt);
    public Tensor Square() => Unary(UnaryOp.Square);
    public Tensor Reciprocal() => Unary(UnaryOp.Reciprocal);
    public Tensor Sigmoid() => Unary(UnaryOp.Sigmoid);
    public Tensor Tanh() => Unary(UnaryOp.Tanh);
    public Tensor Relu() => Unary(UnaryOp.Relu);
    public Tensor Silu() => Unary(UnaryOp.Silu);
    public Tensor Gelu(bool tanhApproximation = false) => Unary(tanhApproximation ? UnaryOp.GeluTanh : UnaryOp.Gelu);
    public Tensor Erf() => Unary(UnaryOp.Erf);
    public Tensor Sin() => Unary(UnaryOp.Sin);
    public Tensor Cos() => Unary(UnaryOp.Cos);
    public Tensor Floor() => Unary(UnaryOp.Floor);
    public Tensor Ceil() => Unary(UnaryOp.Ceil);
    public Tensor Round() => Unary(UnaryOp.Round);
    public Tensor Trunc() => Unary(UnaryOp.Trunc);
    public Tensor LogicalNot() => Unary(UnaryOp.LogicalNot);
    public Tensor IsNan() => Unary(UnaryOp.IsNan);
    public Tensor IsFinite() => Unary(UnaryOp.IsFinite);

    public Tensor Add(Tensor other) => Binary(other, BinaryOp.Add);
    public Tensor Add(Scalar other) => Binary(other, BinaryOp.Add);
    /// <summary>this + alpha·other</summary>
    public Tensor Add(Tensor other, Scalar alpha) => Wrap(NativeMethods.pl_add_scaled(Handle, other.Handle, alpha));
    public Tensor Sub(Tensor other) => Binary(other, BinaryOp.Sub);
    public Tensor Sub(Scalar other) => Binary(other, BinaryOp.Sub);
    public Tensor Mul(Tensor other) => Binary(other, BinaryOp.Mul);
    public Tensor Mul(Scalar other) => Binary(other, BinaryOp.Mul);
    public Tensor Div(Tensor other) => Binary(other, BinaryOp.Div);
    public Tensor Div(Scalar other) => Binary(other, BinaryOp.Div);
    public Tensor Pow(Tensor exponent) => Binary(exponent, BinaryOp.Pow);
    public Tensor Pow(Scalar exponent) => Binary(exponent, BinaryOp.Pow);
    public Tensor Maximum(Tensor other) => Binary(other, BinaryOp.Maximum);
    public Tensor Minimum(Tensor other) => Binary(other, BinaryOp.Minimum);
    public Tensor Remainder(Scalar other) => Binary(other, BinaryOp.Remainder);
    public Tensor FloorDivide(Scalar other) => Binary(other, BinaryOp.FloorDivide);
    public Tensor Atan2(Tensor other) => Binary(other, BinaryOp.Atan2);

    public Tensor Eq(Tensor other) => Binary(other, BinaryOp.Eq);
    public Tensor Eq(Scalar other) => Binary(other, BinaryOp.Eq);
    public Tensor Ne(Tensor other) => Binary(other, BinaryOp.Ne);
    public Tensor Ne(Scalar other) => Binary(other, BinaryOp.Ne);
    public Tensor Lt(Tensor other) => Binary(other, BinaryOp.Lt);
    public Tensor Lt(Scalar other) => Binary(other, BinaryOp.Lt);
    public Tensor Le(Tensor other) => Binary(other, BinaryOp.Le);
    public Tensor Le(Scalar other) => Binary(other, BinaryOp.Le);
    public Tensor Gt(Tensor other) => Binary(other, BinaryOp.Gt);
    public Tensor Gt(Scalar other) => Binary(other, BinaryOp.Gt);
    public Tensor Ge(Tensor other) => Binary(other, BinaryOp.Ge);
    public Tensor Ge(Scalar other) => Binary(other, BinaryOp.Ge);
    public Tensor LogicalAnd(Tensor other) => Binary(other, BinaryOp.LogicalAnd);
    public Tensor LogicalOr(Tensor other) => Binary(other, BinaryOp.LogicalOr);
    public Tensor LogicalXor(Tensor other) => Binary(other, BinaryOp.LogicalXor);

    public Tensor Clamp(Scalar? min = null, Scalar? max = null) =>
        Wrap(NativeMethods.pl_clamp(Handle, min ?? 0, min.HasValue ? 1 : 0, max ?? 0, max.HasValue ? 1 : 0));

    public Tensor Clamp_(Scalar? min = null, Scalar? max = null)
    {
        NativeMethods.Check(NativeMethods.pl_clamp_(Handle, min ?? 0, min.HasValue ? 1 : 0, max ?? 0, max.HasValue ? 1 : 0));
        return this;
    }

    public Tensor MatMul(Tensor other) => Wrap(NativeMethods.pl_matmul(Handle, other.Handle));

    public Tensor Bmm(Tensor other) => Wrap(NativeMethods.pl_bmm(Handle, other.Handle));

    public Tensor CumSum(int dim) => Wrap(NativeMethods.pl_cumulative(Handle, 0, dim));

    public Tensor CumProd(int dim) => Wrap(NativeMethods.pl_cumulative(Handle, 1, dim));

    // In-place updates, as used by optimizers and initializers.
    public Tensor Neg_() => UnaryInPlace(UnaryOp.Neg);
    public Tensor Exp_() => UnaryInPlace(UnaryOp.Exp);
    public Tensor Sqrt_() => UnaryInPlace(UnaryOp.Sqrt);
    public Tensor Relu_() => UnaryInPlace(UnaryOp.Relu);
    public Tensor Sigmoid_() => UnaryInPlace(UnaryOp.Sigmoid);
    public Tensor Tanh_() => UnaryInPlace(UnaryOp.Tanh);
    public Tensor Add_(Tensor other) => BinaryInPlace(other, BinaryOp.Add);
    public Tensor Add_(Scalar other) => BinaryInPlace(other, BinaryOp.Add);
    public Tensor Sub_(Tensor other) => BinaryInPlace(other, BinaryOp.Sub);
    public Tensor Sub_(Scalar other) => BinaryInPlace(other, BinaryOp.Sub);
    public Tensor Mul_(Tensor other) => BinaryInPlace(other, BinaryOp.Mul);
    public Tensor Mul_(Scalar other) => BinaryInPlace(other, BinaryOp.Mul);
    public Tensor Div_(Tensor other) => BinaryInPlace(other, BinaryOp.Div);
    public Tensor Div_(Scalar other) => BinaryInPlace(other, BinaryOp.Div);

    /// <summary>this += alpha·other</summary>
    public Tensor Add_(Tensor other, Scalar alpha)
    {
        NativeMethods.Check(NativeMethods.pl_add_scaled_(Handle, other.Handle, alpha));
        return this;
    }

    /// <summary>this += value·t1·t2</summary>
    public Tensor AddCMul_(Tensor t1, Tensor t2, Scalar value)
    {
        NativeMethods.Check(NativeMethods.pl_addcmul_(Handle, t1.Handle, t2.Handle, value));
        return this;
    }

    /// <summary>this += value·t1/t2</summary>
    public Tensor AddCDiv_(Tensor t1, Tensor t2, Scalar value)
    {
        NativeMethods.Check(NativeMethods.pl_addcdiv_(Handle, t1.Handle, t2.Handle, value));
        return this;
    }

    /// <summary>this += weight·(end − this)</summary>
    public Tensor Lerp_(Tensor end, Scalar weight)
    {
        NativeMethods.Check(NativeMethods.pl_lerp_(Handle, end.Handle, weight));
        return this;
    }

    public Tensor Zero_()
    {
        NativeMethods.Check(NativeMethods.pl_zero_(Handle));
        return this;
    }

    public Tensor Fill_(Scalar value)
    {
        NativeMethods.Check(NativeMethods.pl_fill_(Handle, value));
        return this;
    }

    /// <summary>Copies <paramref name="source"/> (broadcast, converted) into this tensor.</summary>
    public Tensor Copy_(Tensor source)
    {
        NativeMethods.Check(NativeMethods.pl_copy_(Handle, source.Handle));
        return this;
    }

    public Tensor Uniform_(double from, double to, Generator? generator = null)
    {
        NativeMethods.Check(NativeMethods.pl_uniform_(Handle, from, to, (generator ?? Generator.Default).Handle));
        return this;
    }

    public Tensor Normal_(double mean, double std, Generator? generator = null)
    {
        NativeMethods.Check(NativeMethods.pl_normal_(Handle, mean, std, (generator ?? Generator.Default).Handle));
        return this;
    }
}

namespace Pipeline.Tensors.Native;

/// <summary>Elementwise unary functions of the shim (order matches pl_math.cpp).</summary>
internal enum UnaryOp
{
    Neg, Abs, Sign, Exp, Log, Log1p, Sqrt, Rsqrt, Sigmoid, Tanh, Relu, Silu, Gelu, GeluTanh, Erf, Sin, Cos,
    Floor, Ceil, Round, LogicalNot, Square, Reciprocal, Expm1, IsNan, IsFinite, Trunc, Log2,
}

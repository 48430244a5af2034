namespace Pipeline.Tensors.Native;

/// <summary>Elementwise binary functions of the shim (order matches pl_math.cpp).</summary>
internal enum BinaryOp
{
    Add, Sub, Mul, Div, Pow, Maximum, Minimum, Eq, Ne, Lt, Le, Gt, Ge, LogicalAnd, LogicalOr, LogicalXor,
    Remainder, FloorDivide, Atan2,
}

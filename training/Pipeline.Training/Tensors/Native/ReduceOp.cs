namespace Pipeline.Tensors.Native;

/// <summary>Reductions of the shim (order matches pl_math.cpp).</summary>
internal enum ReduceOp
{
    Sum, Mean, Prod, Amax, Amin, All, Any, LogSumExp,
}

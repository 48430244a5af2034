namespace Pipeline.Nn;

/// <summary>A module with a typed forward pass.</summary>
public abstract class Module<TInput, TOutput> : Module
{
    public abstract TOutput Forward(TInput input);
}

using TorchSharp;

namespace Pipeline.Export.Tests.Support;

/// <summary>A user's one-input module with no export rule (x · σ(x)), to see the refusal.</summary>
internal sealed class SingleInputGate : torch.nn.Module<torch.Tensor, torch.Tensor>
{
    public SingleInputGate() : base(nameof(SingleInputGate)) => RegisterComponents();

    public override torch.Tensor forward(torch.Tensor x) => x * torch.sigmoid(x);
}

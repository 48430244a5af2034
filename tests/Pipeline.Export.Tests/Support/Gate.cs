using TorchSharp;

namespace Pipeline.Export.Tests.Support;

/// <summary>A two-input module with no export of its own: y = x · σ(g). Tests register a rule for it.</summary>
internal sealed class Gate : torch.nn.Module<torch.Tensor, torch.Tensor, torch.Tensor>
{
    public Gate() : base(nameof(Gate)) => RegisterComponents();

    public override torch.Tensor forward(torch.Tensor x, torch.Tensor g) => x * torch.sigmoid(g);
}

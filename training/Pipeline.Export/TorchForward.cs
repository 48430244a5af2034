using TorchSharp;

namespace Pipeline.Export;

/// <summary>
/// Calls a TorchSharp module with one to three tensors, or an array of any number, and returns its tensor outputs (a
/// tensor, a tuple or an array of them), as the exporter does.
/// </summary>
public static class TorchForward
{
    /// <summary>The outputs of <paramref name="module"/> called on <paramref name="inputs"/>, in order.</summary>
    public static torch.Tensor[] Run(torch.nn.Module module, IReadOnlyList<torch.Tensor> inputs)
    {
        object result = (module, inputs.Count) switch
        {
            (torch.nn.Module<torch.Tensor, torch.Tensor> m, 1) => m.call(inputs[0]),
            (torch.nn.Module<torch.Tensor, (torch.Tensor, torch.Tensor)> m, 1) => m.call(inputs[0]),
            (torch.nn.Module<torch.Tensor, (torch.Tensor, torch.Tensor, torch.Tensor)> m, 1) => m.call(inputs[0]),
            (torch.nn.Module<torch.Tensor, torch.Tensor, torch.Tensor> m, 2) => m.call(inputs[0], inputs[1]),
            (torch.nn.Module<torch.Tensor, torch.Tensor, (torch.Tensor, torch.Tensor)> m, 2) => m.call(inputs[0], inputs[1]),
            (torch.nn.Module<torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor> m, 3) => m.call(inputs[0], inputs[1], inputs[2]),
            (torch.nn.Module<torch.Tensor[], torch.Tensor[]> m, _) => m.call(inputs.ToArray()),
            _ => throw new OnnxExportException(
                $"{module.GetType().Name} cannot be called with {inputs.Count} tensor input(s): the exporter calls modules of " +
                "Module<Tensor, Tensor> (or a tuple of tensors), Module<Tensor, Tensor, Tensor>, Module<Tensor, Tensor, Tensor, Tensor> or Module<Tensor[], Tensor[]>; " +
                "give as many example inputs as its forward takes."),
        };
        return result switch
        {
            torch.Tensor t => [t],
            torch.Tensor[] ts => ts,
            ValueTuple<torch.Tensor, torch.Tensor> (var a, var b) => [a, b],
            ValueTuple<torch.Tensor, torch.Tensor, torch.Tensor> (var a, var b, var c) => [a, b, c],
            _ => throw new OnnxExportException($"{module.GetType().Name} returned a {result.GetType().Name}: export modules that return tensors."),
        };
    }
}

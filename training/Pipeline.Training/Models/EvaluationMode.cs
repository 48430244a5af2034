using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models;

/// <summary>Draws from a model in evaluation mode without gradients, leaving the model's training mode as it was.</summary>
public static class EvaluationMode
{
    /// <summary>Runs <paramref name="draw"/> with <paramref name="model"/> in evaluation mode and without gradients, then restores its mode.</summary>
    public static Tensor Run(nn.Module model, Func<Tensor> draw)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            return draw();
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}

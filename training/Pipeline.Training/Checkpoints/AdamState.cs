using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Checkpoints;

/// <summary>
/// TorchSharp's <see cref="Adam"/> state as named tensors: for the model's parameter p (by its state-dict name),
/// "p.exp_avg" (m), "p.exp_avg_sq" (v) and "p.step" (int64 [1]). The optimizer must hold exactly the model's
/// trainable parameters (requires_grad), in the model's order, as <see cref="Pipeline.Models.ModelTrainer{TModel}"/>
/// creates it; that is checked on both sides, so a state never lands on the wrong parameter.
/// </summary>
internal static class AdamState
{
    public static IEnumerable<KeyValuePair<string, Tensor>> Collect(nn.Module model, Adam optimizer)
    {
        foreach (var (name, state) in Pair(model, optimizer, "saved"))
        {
            yield return new($"{name}.exp_avg", state.exp_avg);
            yield return new($"{name}.exp_avg_sq", state.exp_avg_sq);
            yield return new($"{name}.step", tensor(new[] { state.step }, new long[] { 1 }));
        }
    }

    /// <summary>The largest per-parameter step count (every parameter steps together in our trainers).</summary>
    public static long StepCount(Adam optimizer) =>
        optimizer.state_dict().State.Cast<Adam.State>().Select(s => s.step).DefaultIfEmpty(0).Max();

    /// <summary>Copies saved moments and step counts into the optimizer; every name and shape must match.</summary>
    public static void Restore(nn.Module model, Adam optimizer, IReadOnlyDictionary<string, Tensor> saved)
    {
        var pairs = Pair(model, optimizer, "restored");
        var live = new Dictionary<string, Tensor>();
        foreach (var (name, state) in pairs)
        {
            live[$"{name}.exp_avg"] = state.exp_avg;
            live[$"{name}.exp_avg_sq"] = state.exp_avg_sq;
            live[$"{name}.step"] = zeros(new long[] { 1 }, ScalarType.Int64);
        }
        var problems = StateComparison.Problems(saved, live);
        if (problems.Count > 0) throw new InvalidDataException($"Problems: {string.Join("; ", problems)}");
        using var noGrad = no_grad();
        foreach (var (name, state) in pairs)
        {
            state.exp_avg.copy_(saved[$"{name}.exp_avg"]);
            state.exp_avg_sq.copy_(saved[$"{name}.exp_avg_sq"]);
            state.step = saved[$"{name}.step"].item<long>();
        }
    }

    private static List<(string Name, Adam.State State)> Pair(nn.Module model, Adam optimizer, string verb)
    {
        var parameters = model.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        var states = optimizer.state_dict().State.Cast<Adam.State>().ToList();
        if (parameters.Count != states.Count)
            throw new InvalidDataException($"the optimizer holds {states.Count} parameters but the model has {parameters.Count} trainable ones: create Adam over the model's trainable parameters, in order, before the state is {verb}");
        return parameters.Select((p, i) => (p.name, states[i])).ToList();
    }
}

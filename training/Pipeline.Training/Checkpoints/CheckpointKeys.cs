namespace Pipeline.Checkpoints;

/// <summary>The metadata keys and tensor-name sections of a Pipeline checkpoint (format 1).</summary>
internal static class CheckpointKeys
{
    public const string FormatVersion = "1";

    public const string ReservedPrefix = "pipeline.";
    public const string Format = "pipeline.format";
    public const string Kind = "pipeline.kind";
    public const string Config = "pipeline.config";
    public const string Step = "pipeline.step";
    public const string Optimizer = "pipeline.optimizer";
    public const string OptimizerStep = "pipeline.optimizer_step";
    public const string LearningRate = "pipeline.learning_rate";
    public const string EmaUpdates = "pipeline.ema_updates";
    /// <summary>The named optimizers' step counts and learning rates: {"generator": {"step": 10, "learning_rate": 2e-4}, …}.</summary>
    public const string NamedOptimizers = "pipeline.optimizers";

    public const string ModelSection = "model/";
    public const string OptimizerSection = "optimizer/";
    public const string EmaSection = "ema/";
    public const string ExtraSection = "extra/";
    /// <summary>Named optimizers' tensors: "optimizers/&lt;name&gt;/&lt;parameter&gt;.exp_avg".</summary>
    public const string NamedOptimizerSection = "optimizers/";
}

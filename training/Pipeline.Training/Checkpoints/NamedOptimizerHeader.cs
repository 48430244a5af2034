using System.Text.Json.Serialization;

namespace Pipeline.Checkpoints;

/// <summary>What a checkpoint's metadata says of one named optimizer: its step count and learning rate.</summary>
internal sealed record NamedOptimizerHeader(
    [property: JsonPropertyName("step")] long Step,
    [property: JsonPropertyName("learning_rate")] double LearningRate);

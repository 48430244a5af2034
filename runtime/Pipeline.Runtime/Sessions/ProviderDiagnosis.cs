namespace Pipeline.Runtime.Sessions;

/// <summary>Why a GPU provider did not load: the library at fault, and whether the provider libraries themselves are missing.</summary>
internal readonly record struct ProviderDiagnosis(string Problem, bool ProvidersMissing);

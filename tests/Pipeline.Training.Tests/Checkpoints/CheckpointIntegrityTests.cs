using NUnit.Framework;
using Pipeline.Checkpoints;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Checkpoints;

/// <summary>Checkpoints record their tensor data's SHA-256 and refuse data that no longer matches it.</summary>
public sealed class CheckpointIntegrityTests
{
    [Test]
    public void AFlippedBitInTheTensorDataIsRefusedByName()
    {
        using var directory = new TempDirectory();
        var path = directory.File("tiny.safetensors");
        using var model = TinyModel.Create(seed: 1);
        Checkpoint.Save(path, new CheckpointContents { Kind = TinyModel.Kind, ConfigJson = TinyModel.ConfigJson, Step = 1, Model = model });
        Assert.That(SafeTensors.ReadMetadata(path)[SafeTensors.DataHashKey], Has.Length.EqualTo(64));
        using (Checkpoint.Load(path, TinyModel.Kind)) { }

        var bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 0x01;   // inside the last tensor's bytes: still a well-formed file
        File.WriteAllBytes(path, bytes);
        Assert.That(() => Checkpoint.Load(path, TinyModel.Kind), Throws.TypeOf<CheckpointException>()
            .With.Message.Contains("does not match the SHA-256 its header records").And.Message.Contains("use an earlier checkpoint"));
    }

    [Test]
    public void AFileWithoutTheHashStillLoads()
    {
        using var directory = new TempDirectory();
        var path = directory.File("plain.safetensors");
        using var model = TinyModel.Create(seed: 1);
        SafeTensors.Write(path, model.state_dict());
        using var file = SafeTensors.Read(path);
        Assert.That(file.Tensors.Keys, Is.EquivalentTo(model.state_dict().Keys));
    }
}

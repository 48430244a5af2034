using Pipeline.Tests.Support;
using System.Buffers.Binary;
using System.Text;
using NUnit.Framework;
using Pipeline.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Checkpoints;

/// <summary>Damaged and foreign files are refused with a <see cref="CheckpointException"/> that names the file and the problem.</summary>
public class SafeTensorsValidationTests
{
    private static byte[] ValidFile(TempDirectory dir)
    {
        using var scope = torch.NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>
        {
            ["a"] = torch.tensor(new[] { 1f, 2f, 3f, 4f }, new long[] { 2, 2 }),
            ["b"] = torch.tensor(new[] { 5L, 6L }, new long[] { 2 }),
        };
        SafeTensors.Write(dir.File("valid.safetensors"), tensors, new Dictionary<string, string> { ["k"] = "v" });
        return File.ReadAllBytes(dir.File("valid.safetensors"));
    }

    private static void AssertRefused(string path, string fragment)
    {
        Assert.That(() => SafeTensors.Read(path), Throws.TypeOf<CheckpointException>()
            .With.Message.Contains(fragment).And.Message.Contains(path).And.Property(nameof(CheckpointException.Path)).EqualTo(path));
    }

    [Test]
    public void AMissingFileIsNamed()
    {
        using var dir = new TempDirectory();
        AssertRefused(dir.File("nope.safetensors"), "does not exist");
        Assert.That(() => SafeTensors.ReadMetadata(dir.File("nope.safetensors")), Throws.TypeOf<CheckpointException>());
    }

    [Test]
    public void AFileCutAnywhereIsReportedAsTruncated()
    {
        using var dir = new TempDirectory();
        var bytes = ValidFile(dir);
        var headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var path = dir.File("cut.safetensors");
        foreach (var cut in new[] { 0, 3, 7, 8, 12, headerEnd / 2, headerEnd - 1, headerEnd, headerEnd + 5, bytes.Length - 1 })
        {
            File.WriteAllBytes(path, bytes[..cut]);
            AssertRefused(path, "truncated");
        }
    }

    [Test]
    public void AHeaderCutShortIsFoundByReadMetadataToo()
    {
        using var dir = new TempDirectory();
        var bytes = ValidFile(dir);
        var path = dir.File("cut.safetensors");
        File.WriteAllBytes(path, bytes[..20]);

        Assert.That(() => SafeTensors.ReadMetadata(path), Throws.TypeOf<CheckpointException>().With.Message.Contains("truncated"));
    }

    [Test]
    public void AHeaderLengthBeyondTheFileIsRefused()
    {
        using var dir = new TempDirectory();
        var bytes = new byte[8 + 10];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);
        var path = dir.File("claims.safetensors");
        File.WriteAllBytes(path, bytes);

        AssertRefused(path, "1000");
        AssertRefused(path, "truncated");
    }

    [Test]
    public void GarbageIsRefused()
    {
        using var dir = new TempDirectory();
        var random = new byte[4096];
        new Random(5).NextBytes(random);
        File.WriteAllBytes(dir.File("random.bin"), random);
        File.WriteAllText(dir.File("text.txt"), "this is a text file, certainly not a safetensors file");
        File.WriteAllBytes(dir.File("small-length.bin"), RawSafeTensors.Build("\u0001\u0002garbage\u00ff", new byte[3]));

        Assert.That(() => SafeTensors.Read(dir.File("random.bin")), Throws.TypeOf<CheckpointException>());
        Assert.That(() => SafeTensors.Read(dir.File("text.txt")), Throws.TypeOf<CheckpointException>());
        AssertRefused(dir.File("small-length.bin"), "invalid JSON header");
    }

    [TestCase("{not json", 0, "invalid JSON header")]
    [TestCase("[1, 2]", 0, "not an object")]
    [TestCase("{\"__metadata__\": {\"a\": 1}}", 0, "not a string")]
    [TestCase("{\"x\": {\"dtype\": \"F8_E4M3\", \"shape\": [2], \"data_offsets\": [0, 2]}}", 2, "'F8_E4M3'")]
    [TestCase("{\"x\": {\"dtype\": \"U16\", \"shape\": [2], \"data_offsets\": [0, 4]}}", 4, "supported: F32")]
    [TestCase("{\"x\": {\"shape\": [2], \"data_offsets\": [0, 8]}}", 8, "no \"dtype\"")]
    [TestCase("{\"x\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 8]}}", 8, "not a non-negative integer")]
    [TestCase("{\"x\": {\"dtype\": \"F32\", \"shape\": [2]}}", 8, "no \"data_offsets\"")]
    [TestCase("{\"x\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 4, 8]}}", 8, "not 2")]
    [TestCase("{\"x\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [8, 0]}}", 8, "before it begins")]
    [TestCase("{\"x\": {\"dtype\": \"F32\", \"shape\": [2, 2], \"data_offsets\": [0, 12]}}", 12, "needs 16 bytes")]
    [TestCase("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}, \"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [4, 12]}}", 12, "overlap")]
    [TestCase("{\"x\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [0, 16]}}", 8, "truncated")]
    [TestCase("{\"x\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [8, 16]}}", 16, "belong to no tensor")]
    [TestCase("{\"x\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}}", 12, "follow the last tensor")]
    [TestCase("{\"x\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}, \"x\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [8, 16]}}", 16, "twice")]
    [TestCase("{\"x\": {\"dtype\": \"F64\", \"shape\": [4611686018427387904, 4], \"data_offsets\": [0, 8]}}", 8, "too large")]
    public void AnInconsistentHeaderIsRefused(string header, int dataBytes, string fragment)
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.safetensors");
        File.WriteAllBytes(path, RawSafeTensors.Build(header, new byte[dataBytes]));

        AssertRefused(path, fragment);
    }

    [Test]
    public void BoolBytesOtherThanZeroAndOneAreRefused()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bool.safetensors");
        File.WriteAllBytes(path, RawSafeTensors.Build("{\"b\": {\"dtype\": \"BOOL\", \"shape\": [2], \"data_offsets\": [0, 2]}}", new byte[] { 1, 2 }));

        AssertRefused(path, "0 and 1");
    }

    [Test]
    public void AHeaderThatIsNotUtf8IsRefused()
    {
        using var dir = new TempDirectory();
        var path = dir.File("latin1.safetensors");
        var json = Encoding.Latin1.GetBytes("{\"__metadata__\": {\"caf\u00e9\": \"x\"}}");
        var bytes = new byte[8 + json.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);

        AssertRefused(path, "UTF-8");
    }
}

using Pipeline.Tests.Support;
using System.Runtime.InteropServices;
using System.Text.Json;
using NUnit.Framework;
using Pipeline.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Checkpoints;

/// <summary>Takes written files apart by hand and checks them against the safetensors specification.</summary>
public class SafeTensorsHeaderTests
{
    private static readonly float[] Weights = { 1.5f, -2f, 0.25f, 8f, 1e-3f, -7.5f };
    private static readonly long[] Counts = { 3, -1, long.MaxValue };
    private static readonly byte[] Flags = { 1, 0, 1 };

    private static byte[] WriteSample(TempDirectory dir)
    {
        using var scope = torch.NewDisposeScope();
        var tensors = new OrderedDictionary<string, Tensor>
        {
            ["weights"] = torch.tensor(Weights, new long[] { 2, 3 }),
            ["flags"] = torch.tensor(Flags.Select(f => f != 0).ToArray(), new long[] { 3 }),
            ["counts"] = torch.tensor(Counts, new long[] { 3 }),
        };
        SafeTensors.Write(dir.File("h.safetensors"), tensors, new Dictionary<string, string> { ["k"] = "v" });
        return File.ReadAllBytes(dir.File("h.safetensors"));
    }

    [Test]
    public void HeaderLengthIsLittleEndianAndPaddedWithSpacesToEightBytes()
    {
        using var dir = new TempDirectory();
        var bytes = WriteSample(dir);
        var (length, text, _) = RawSafeTensors.Split(bytes);

        Assert.That(text, Does.StartWith("{"));
        Assert.That(text.TrimEnd(' '), Does.EndWith("}"));
        Assert.That(bytes.Length, Is.EqualTo(8 + (long)length + 6 * 4 + 3 + 3 * 8));
    }

    [Test]
    public void DataStartsAtAMultipleOfEightWhateverTheHeaderLength()
    {
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var tensors = new Dictionary<string, Tensor> { ["x"] = torch.tensor(new[] { 1f }, new long[] { 1 }) };
        var jsonLengths = new HashSet<int>();
        for (var i = 0; i < 8; i++)
        {
            var path = dir.File($"{i}.safetensors");
            SafeTensors.Write(path, tensors, new Dictionary<string, string> { ["pad"] = new string('x', i) });
            var (length, text, _) = RawSafeTensors.Split(File.ReadAllBytes(path));
            var json = text.TrimEnd(' ');
            jsonLengths.Add(json.Length % 8);

            Assert.That(length % 8, Is.Zero, $"header of {i}");
            Assert.That(text.Length - json.Length, Is.LessThan(8), "only the padding needed");
            Assert.That(text[json.Length..], Is.EqualTo(new string(' ', text.Length - json.Length)));
        }
        Assert.That(jsonLengths, Has.Count.EqualTo(8), "the JSON lengths cover every remainder");
    }

    [Test]
    public void EntriesNameDTypeShapeAndPackedOffsetsInOrder()
    {
        using var dir = new TempDirectory();
        using var header = RawSafeTensors.Header(WriteSample(dir));
        var root = header.RootElement;

        Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "__metadata__", "weights", "flags", "counts" }));
        Assert.That(root.GetProperty("__metadata__").GetProperty("k").GetString(), Is.EqualTo("v"));
        AssertEntry(root.GetProperty("weights"), "F32", new long[] { 2, 3 }, 0, 24);
        AssertEntry(root.GetProperty("flags"), "BOOL", new long[] { 3 }, 24, 27);
        AssertEntry(root.GetProperty("counts"), "I64", new long[] { 3 }, 27, 51);
    }

    [Test]
    public void DataIsLittleEndianRowMajorAtTheOffsets()
    {
        using var dir = new TempDirectory();
        var (_, _, data) = RawSafeTensors.Split(WriteSample(dir));

        Assert.That(data[..24], Is.EqualTo(MemoryMarshal.AsBytes<float>(Weights).ToArray()));
        Assert.That(data[24..27], Is.EqualTo(Flags));
        Assert.That(data[27..51], Is.EqualTo(MemoryMarshal.AsBytes<long>(Counts).ToArray()));
        Assert.That(BitConverter.IsLittleEndian, Is.True, "these expectations are little-endian byte images");
    }

    [Test]
    public void EveryDTypeHasItsSafeTensorsCode()
    {
        using var dir = new TempDirectory();
        using (var scope = torch.NewDisposeScope()) SafeTensors.Write(dir.File("all.safetensors"), SampleTensors.Create());
        using var header = RawSafeTensors.Header(File.ReadAllBytes(dir.File("all.safetensors")));

        var codes = header.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("dtype").GetString());
        Assert.That(codes, Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["f32"] = "F32", ["f64"] = "F64", ["i64"] = "I64", ["i32"] = "I32", ["i16"] = "I16", ["i8"] = "I8",
            ["u8"] = "U8", ["bool"] = "BOOL", ["f16"] = "F16", ["bf16"] = "BF16", ["scalar"] = "F32",
            ["empty"] = "F32", ["empty_i64"] = "I64",
        }));
        Assert.That(header.RootElement.GetProperty("scalar").GetProperty("shape").GetArrayLength(), Is.Zero);
        Assert.That(header.RootElement.TryGetProperty("__metadata__", out _), Is.False, "no metadata was given");
    }

    private static void AssertEntry(JsonElement entry, string dtype, long[] shape, long begin, long end)
    {
        Assert.That(entry.GetProperty("dtype").GetString(), Is.EqualTo(dtype));
        Assert.That(entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()), Is.EqualTo(shape));
        Assert.That(entry.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()), Is.EqualTo(new[] { begin, end }));
    }
}

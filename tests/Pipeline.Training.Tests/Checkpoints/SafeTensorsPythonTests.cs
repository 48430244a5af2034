using Pipeline.Tests.Support;
using System.Text.Json;
using NUnit.Framework;
using Pipeline.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Checkpoints;

/// <summary>Files are exchanged with Python tooling: a standard-library reader and writer, and torch.frombuffer.</summary>
public class SafeTensorsPythonTests
{
    // Decodes every tensor with struct (bf16 by widening to f32) and prints {name: {dtype, shape, values}, "__metadata__": {...}}.
    private const string StdlibReader = """
        import json, struct, sys
        data = open(sys.argv[1], 'rb').read()
        (n,) = struct.unpack('<Q', data[:8])
        assert (8 + n) % 8 == 0, 'data is not 8-byte aligned'
        header = json.loads(data[8:8 + n].decode('utf-8'))
        base = 8 + n
        codes = {'F32': 'f', 'F64': 'd', 'I64': 'q', 'I32': 'i', 'I16': 'h', 'I8': 'b', 'U8': 'B', 'BOOL': '?', 'F16': 'e'}
        out = {'__metadata__': header.pop('__metadata__', {})}
        end = 0
        for name, info in header.items():
            begin, stop = info['data_offsets']
            assert begin == end, 'tensors are not packed in order'
            end = stop
            raw = data[base + begin:base + stop]
            if info['dtype'] == 'BF16':
                values = [struct.unpack('<f', b'\x00\x00' + raw[i:i + 2])[0] for i in range(0, len(raw), 2)]
            else:
                code = codes[info['dtype']]
                values = list(struct.unpack('<%d%s' % (len(raw) // struct.calcsize(code), code), raw))
            count = 1
            for size in info['shape']:
                count *= size
            assert count == len(values), name
            out[name] = {'dtype': info['dtype'], 'shape': info['shape'], 'values': values}
        assert base + end == len(data), 'bytes after the last tensor'
        print(json.dumps(out))
        """;

    private const string TorchReader = """
        import json, struct, sys, torch
        data = bytearray(open(sys.argv[1], 'rb').read())
        (n,) = struct.unpack('<Q', data[:8])
        header = json.loads(data[8:8 + n])
        types = {'F32': torch.float32, 'F64': torch.float64, 'I64': torch.int64, 'I32': torch.int32, 'I16': torch.int16,
                 'I8': torch.int8, 'U8': torch.uint8, 'BOOL': torch.bool, 'F16': torch.float16, 'BF16': torch.bfloat16}
        out = {}
        for name, info in header.items():
            if name == '__metadata__':
                continue
            begin, stop = info['data_offsets']
            dtype = types[info['dtype']]
            count = (stop - begin) // torch.empty(0, dtype=dtype).element_size()
            if count == 0:
                t = torch.empty(info['shape'], dtype=dtype)
            else:
                t = torch.frombuffer(data, dtype=dtype, count=count, offset=8 + n + begin).reshape(info['shape'])
            values = t.flatten().tolist() if dtype == torch.int64 else t.double().flatten().tolist()
            out[name] = {'shape': list(t.shape), 'values': values}
        print(json.dumps(out))
        """;

    // Writes a file as another tool would: tensors in another order, an unpadded header, no Pipeline code involved.
    private const string StdlibWriter = """
        import json, struct, sys
        tensors = [('z_weights', 'F32', [2, 2], struct.pack('<4f', 0.5, -1.0, 2.25, 4.0)),
                   ('a_ids', 'I64', [3], struct.pack('<3q', 7, -8, 2**62)),
                   ('m_mask', 'BOOL', [2], bytes([1, 0])),
                   ('h_half', 'F16', [1], struct.pack('<e', 1.5))]
        header, offset, blob = {'__metadata__': {'source': 'python'}}, 0, b''
        for name, dtype, shape, raw in tensors:
            header[name] = {'dtype': dtype, 'shape': shape, 'data_offsets': [offset, offset + len(raw)]}
            offset += len(raw)
            blob += raw
        text = json.dumps(header).encode('utf-8')
        open(sys.argv[1], 'wb').write(struct.pack('<Q', len(text)) + text + blob)
        """;

    [Test]
    public void PythonStandardLibraryReadsOurFile()
    {
        Python.Require();
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var tensors = SampleTensors.Create();
        SafeTensors.Write(dir.File("ours.safetensors"), tensors, SampleTensors.Metadata);

        using var result = JsonDocument.Parse(Python.Output(StdlibReader, dir.File("ours.safetensors")));

        var metadata = result.RootElement.GetProperty("__metadata__").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.That(metadata, Is.EquivalentTo(SampleTensors.Metadata));
        foreach (var (name, tensor) in tensors)
        {
            var entry = result.RootElement.GetProperty(name);
            Assert.That(entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()), Is.EqualTo(tensor.shape), name);
            AssertValues(entry.GetProperty("values"), tensor, name);
        }
    }

    [Test]
    public void TorchFrombufferReadsOurFile()
    {
        Python.Require("torch", "python3-torch");
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var tensors = SampleTensors.Create();
        SafeTensors.Write(dir.File("ours.safetensors"), tensors, SampleTensors.Metadata);

        using var result = JsonDocument.Parse(Python.Output(TorchReader, dir.File("ours.safetensors")));

        Assert.That(result.RootElement.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(tensors.Keys));
        foreach (var (name, tensor) in tensors)
        {
            var entry = result.RootElement.GetProperty(name);
            Assert.That(entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()), Is.EqualTo(tensor.shape), name);
            AssertValues(entry.GetProperty("values"), tensor, name);
        }
    }

    [Test]
    public void WeReadAFileWrittenByPython()
    {
        Python.Require();
        using var dir = new TempDirectory();
        var path = dir.File("theirs.safetensors");
        Python.Output(StdlibWriter, path);

        using var read = SafeTensors.Read(path);

        Assert.That(read.Tensors.Keys, Is.EqualTo(new[] { "z_weights", "a_ids", "m_mask", "h_half" }));
        Assert.That(read.Metadata, Is.EquivalentTo(new Dictionary<string, string> { ["source"] = "python" }));
        Assert.That(read.Tensors["z_weights"].shape, Is.EqualTo(new long[] { 2, 2 }));
        Assert.That(read.Tensors["z_weights"].data<float>().ToArray(), Is.EqualTo(new[] { 0.5f, -1f, 2.25f, 4f }));
        Assert.That(read.Tensors["a_ids"].data<long>().ToArray(), Is.EqualTo(new[] { 7L, -8L, 1L << 62 }));
        Assert.That(read.Tensors["m_mask"].data<bool>().ToArray(), Is.EqualTo(new[] { true, false }));
        Assert.That(read.Tensors["h_half"].data<Half>().ToArray(), Is.EqualTo(new[] { (Half)1.5 }));
    }

    private static void AssertValues(JsonElement values, Tensor tensor, string name)
    {
        if (tensor.dtype == ScalarType.Int64)
        {
            Assert.That(values.EnumerateArray().Select(v => v.GetInt64()), Is.EqualTo(Values<long>(tensor)), name);
            return;
        }
        using var wide = tensor.to(ScalarType.Float64);
        var actual = values.EnumerateArray().Select(v => v.ValueKind switch
        {
            JsonValueKind.True => 1.0,
            JsonValueKind.False => 0.0,
            _ => v.GetDouble(),
        });
        Assert.That(actual, Is.EqualTo(Values<double>(wide)), name);
    }

    // TorchSharp's data<T>() refuses tensors without elements.
    private static T[] Values<T>(Tensor tensor) where T : unmanaged =>
        tensor.numel() == 0 ? Array.Empty<T>() : tensor.data<T>().ToArray();
}

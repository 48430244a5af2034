using Google.Protobuf;
using Pipeline.Onnx.Proto;

namespace Pipeline.Onnx;

/// <summary>Reads and writes ONNX model files.</summary>
public static class OnnxModelFile
{
    /// <summary>The opset Pipeline exports (ONNX 1.12, IR version 8).</summary>
    public const long Opset = 17;

    public const long IrVersion = 8;

    /// <summary>Parses an ONNX file; throws <see cref="InvalidDataException"/> naming the file when it is not one.</summary>
    public static ModelProto Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"the ONNX file {path} does not exist: export the model again (tools/pipeline export)", path);
        try
        {
            using var stream = File.OpenRead(path);
            var model = ModelProto.Parser.ParseFrom(stream);
            if (model.Graph is null || model.OpsetImport.Count == 0)
                throw new InvalidDataException($"{path} is not an ONNX model (no graph or no opset): export the model again");
            return model;
        }
        catch (InvalidProtocolBufferException error)
        {
            throw new InvalidDataException($"{path} is not an ONNX model ({error.Message}): export the model again", error);
        }
    }

    /// <summary>The default-domain opset version a model imports.</summary>
    public static long DefaultOpset(ModelProto model) =>
        model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max();

    /// <summary>Writes the model atomically (temporary file in the same folder, then rename).</summary>
    public static void Write(ModelProto model, string path) => IO.AtomicFile.Write(path, model.WriteTo);
}

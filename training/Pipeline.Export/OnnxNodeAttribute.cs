using Google.Protobuf;
using Pipeline.Onnx.Proto;

namespace Pipeline.Export;

/// <summary>An attribute of an ONNX node (int, float, string or list of ints).</summary>
public sealed class OnnxNodeAttribute
{
    private OnnxNodeAttribute(AttributeProto proto) => Proto = proto;

    internal AttributeProto Proto { get; }

    /// <summary>An integer attribute.</summary>
    public static OnnxNodeAttribute Int(string name, long value) =>
        new(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value });

    /// <summary>A float attribute.</summary>
    public static OnnxNodeAttribute Float(string name, double value) =>
        new(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = (float)value });

    /// <summary>A string attribute.</summary>
    public static OnnxNodeAttribute String(string name, string value) =>
        new(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) });

    /// <summary>A list-of-integers attribute.</summary>
    public static OnnxNodeAttribute Ints(string name, params long[] values)
    {
        var proto = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        proto.Ints.AddRange(values);
        return new(proto);
    }
}

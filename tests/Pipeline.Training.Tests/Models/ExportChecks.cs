using Pipeline.Tests.Support;
using System.Runtime.InteropServices;
using System.Text.Json;
using NUnit.Framework;
using Pipeline.Export;
using Pipeline.Onnx;
using Pipeline.Tensors;
using Pipeline.Tests.Checkpoints;

namespace Pipeline.Tests.Models;

/// <summary>
/// Checks exported networks outside .NET: writes each ONNX graph with sample inputs and the libtorch reference
/// outputs, then runs the system Python once over all of them: onnx.checker (with full shape inference) and an
/// evaluation of the graph, node by node, with torch's functional ops, compared with the reference.
/// </summary>
internal static class ExportChecks
{
    /// <summary>Inputs for a network: "image" uniform in [0, 1], "latent" standard normal, "label" one-hot rows of classes 0, 1, 2, ...</summary>
    public static Tensor[] SampleInputs(ExportableNetwork network, int batch, long seed = 5)
    {
        using var generator = new Generator(seed);
        return network.Inputs.Select(input =>
        {
            var shape = input.Shape.Select(d => d < 0 ? batch : d).ToArray();
            return input.Name switch
            {
                "image" => Torch.Rand(shape, generator),
                "label" => Torch.Arange(batch).Remainder(shape[1]).OneHot(shape[1]).To(DType.Float32),
                _ => Torch.Randn(shape, generator),
            };
        }).ToArray();
    }

    /// <summary>Writes a network, its sample inputs and reference outputs under <paramref name="directory"/>; returns its manifest entry.</summary>
    public static Dictionary<string, object> Write(string directory, string name, ExportableNetwork network)
    {
        var (model, _) = network.ToOnnx();
        var path = Path.Combine(directory, $"{name}.onnx");
        OnnxModelFile.Write(model, path);
        using var scope = DisposeScope.Enter();
        using var noGrad = Torch.NoGrad();
        var inputs = SampleInputs(network, batch: 4);
        var outputs = network.Reference(inputs);
        return new Dictionary<string, object>
        {
            ["name"] = name,
            ["path"] = path,
            ["inputs"] = network.Inputs.Select((input, i) => Array(directory, $"{name}.in.{input.Name}", input.Name, inputs[i])).ToArray(),
            ["outputs"] = network.Outputs.Select((output, i) => Array(directory, $"{name}.out.{output}", output, outputs[i])).ToArray(),
        };
    }

    private static Dictionary<string, object> Array(string directory, string file, string name, Tensor value)
    {
        var path = Path.Combine(directory, file + ".f32");
        using var contiguous = value.Detach().Contiguous();
        File.WriteAllBytes(path, MemoryMarshal.AsBytes<float>(contiguous.ToArray<float>()).ToArray());
        return new Dictionary<string, object> { ["name"] = name, ["file"] = path, ["shape"] = value.Shape };
    }

    /// <summary>Runs the checker and the evaluation over the manifest; returns one line per failure (none when all pass).</summary>
    public static string[] RunPython(string directory, IReadOnlyList<Dictionary<string, object>> entries)
    {
        Python.Require("onnx", "python3-onnx");
        Python.Require("torch", "python3-torch");
        var manifest = Path.Combine(directory, "manifest.json");
        File.WriteAllText(manifest, JsonSerializer.Serialize(entries));
        var output = Python.Output(Script, manifest);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l != "ok").ToArray();
    }

    private const string Script = """
        import json, sys
        import numpy as np, onnx, torch
        import torch.nn.functional as F
        from onnx import numpy_helper

        def run(graph, values):
            for node in graph.node:
                a = {at.name: onnx.helper.get_attribute_value(at) for at in node.attribute}
                x = [values[n] for n in node.input]
                op = node.op_type
                if op == "Gemm": y = x[0] @ (x[1].T if a.get("transB", 0) else x[1]) + (x[2] if len(x) > 2 else 0)
                elif op == "MatMul": y = x[0] @ x[1]
                elif op == "Add": y = x[0] + x[1]
                elif op == "Relu": y = torch.relu(x[0])
                elif op == "Sigmoid": y = torch.sigmoid(x[0])
                elif op == "Identity": y = x[0]
                elif op == "Clip": y = torch.clamp(x[0], float(x[1]), float(x[2]))
                elif op == "Concat": y = torch.cat(x, dim=a["axis"])
                elif op == "Reshape": y = x[0].reshape([x[0].shape[i] if s == 0 else s for i, s in enumerate(x[1].tolist())])
                elif op == "Conv":
                    y = F.conv2d(x[0], x[1], x[2] if len(x) > 2 else None, stride=a["strides"], padding=a["pads"][:2],
                                 dilation=a["dilations"], groups=a["group"])
                elif op == "ConvTranspose":
                    y = F.conv_transpose2d(x[0], x[1], x[2] if len(x) > 2 else None, stride=a["strides"], padding=a["pads"][:2],
                                           output_padding=a.get("output_padding", [0, 0]), groups=a["group"], dilation=a["dilations"])
                else: raise ValueError(f"no evaluator for {op}")
                values[node.output[0]] = y

        for entry in json.load(open(sys.argv[1])):
            name = entry["name"]
            try:
                model = onnx.load(entry["path"])
                onnx.checker.check_model(model, full_check=True)
                values = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in model.graph.initializer}
                for i in entry["inputs"]:
                    values[i["name"]] = torch.from_numpy(np.fromfile(i["file"], dtype=np.float32).reshape(i["shape"]))
                run(model.graph, values)
                declared = [o.name for o in model.graph.output]
                for o in entry["outputs"]:
                    if o["name"] not in declared: raise ValueError(f"output {o['name']} is not a graph output ({declared})")
                    expected = np.fromfile(o["file"], dtype=np.float32).reshape(o["shape"])
                    got = values[o["name"]].numpy()
                    if got.shape != expected.shape: raise ValueError(f"{o['name']}: shape {got.shape}, reference {expected.shape}")
                    difference = float(np.abs(got - expected).max())
                    if not difference <= 1e-4: raise ValueError(f"{o['name']}: differs from the reference by {difference}")
                print("ok")
            except Exception as error:
                print(f"{name}: {type(error).__name__}: {error}")
        """;
}

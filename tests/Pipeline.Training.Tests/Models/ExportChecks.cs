using System.Runtime.InteropServices;
using System.Text.Json;
using Pipeline.Export;
using Pipeline.Randomness;
using Pipeline.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models;

/// <summary>
/// Checks exported networks outside .NET: writes each ONNX graph (through <see cref="OnnxExporter"/>) with sample inputs
/// and TorchSharp's outputs, then runs the system Python once over all of them: onnx.checker (with full shape
/// inference) and an evaluation of the graph, node by node, with torch's functional ops, compared with TorchSharp's.
/// </summary>
internal static class ExportChecks
{
    /// <summary>Inputs for a network of <paramref name="batch"/> rows, as the exporter draws them (images in [0, 1], one-hot labels, …).</summary>
    public static Tensor[] SampleInputs(ExportableNetwork network, int batch, long seed = 5)
    {
        using var generator = Noise.Seeded(seed);
        return network.ExampleInputs(batch, generator).ToArray();
    }

    /// <summary>Exports a network with its sample inputs and TorchSharp's outputs under <paramref name="directory"/>; returns its manifest entry.</summary>
    public static Dictionary<string, object> Write(string directory, string name, ExportableNetwork network)
    {
        var path = Path.Combine(directory, $"{name}.onnx");
        using var scope = NewDisposeScope();
        var inputs = SampleInputs(network, batch: 4);
        OnnxExporter.Export(network.Module, inputs, path,
            new OnnxExportOptions { InputNames = network.Inputs.Select(i => i.Name).ToList(), OutputNames = network.Outputs });
        var outputs = network.Run(inputs);
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
        using var contiguous = value.detach().cpu().contiguous();
        File.WriteAllBytes(path, MemoryMarshal.AsBytes<float>(contiguous.data<float>().ToArray()).ToArray());
        return new Dictionary<string, object> { ["name"] = name, ["file"] = path, ["shape"] = value.shape };
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
                elif op == "Flatten": y = torch.flatten(x[0], a.get("axis", 1))
                elif op == "Mul": y = x[0] * x[1]
                elif op == "Sub": y = x[0] - x[1]
                elif op == "Div": y = x[0] / x[1]
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

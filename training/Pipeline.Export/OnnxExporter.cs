using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Pipeline.IO;
using Pipeline.Onnx.Proto;
using TorchSharp;

namespace Pipeline.Export;

/// <summary>
/// Exports a TorchSharp module to a verified ONNX file:
/// <code>
/// var result = OnnxExporter.Export(model, [torch.randn(2, 1, 28, 28)], "model.onnx");
/// </code>
/// The module is exported in evaluation mode (its mode is restored after), with every layer through its rule in
/// <see cref="OnnxExportOptions.Rules"/>. The graph then runs in ONNX Runtime on the example inputs and on a batch
/// twice their size (the dynamic batch), and is written (atomically) only when every output is within
/// <see cref="OnnxExportOptions.Tolerance"/> of TorchSharp's.
/// </summary>
public static class OnnxExporter
{
    /// <summary>Exports <paramref name="module"/> called on <paramref name="exampleInputs"/> to the ONNX file <paramref name="path"/>.</summary>
    /// <exception cref="OnnxExportException">A module has no rule, or an option or input is invalid; nothing is written.</exception>
    /// <exception cref="OnnxVerificationException">ONNX Runtime disagrees with TorchSharp; nothing is written.</exception>
    public static OnnxExportResult Export(torch.nn.Module module, IReadOnlyList<torch.Tensor> exampleInputs, string path,
                                          OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(exampleInputs);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new OnnxExportOptions();
        options.Validate(exampleInputs.Count);
        if (exampleInputs.Count == 0) throw new OnnxExportException("No example inputs were given: pass one tensor per input of the module's forward.");
        if (Directory.Exists(path)) throw new OnnxExportException($"'{path}' is a directory: pass the path of the .onnx file to write.");
        if (options.DynamicBatch && exampleInputs.Any(x => x.dim() == 0))
            throw new OnnxExportException("An example input is a scalar, so it has no batch dimension: give it one, or set DynamicBatch = false.");

        var (model, inputNames, outputNames) = Build(module, exampleInputs, options);
        var bytes = model.ToByteArray();
        var difference = Verify(module, bytes, exampleInputs, inputNames, outputNames, options);
        AtomicFile.Write(Path.GetFullPath(path), stream => stream.Write(bytes));
        return new OnnxExportResult(Path.GetFullPath(path), inputNames, outputNames, difference, model.Graph.Node.Count, model.Graph.Initializer.Count);
    }

    private static (ModelProto Model, string[] InputNames, string[] OutputNames) Build(
        torch.nn.Module module, IReadOnlyList<torch.Tensor> inputs, OnnxExportOptions options)
    {
        var inputNames = options.InputNames?.ToArray() ?? DefaultNames("input", inputs.Count);
        return InEvaluation(module, () =>
        {
            var graph = new OnnxGraphBuilder(module.GetType().Name, options.Rules ?? OnnxExportRules.Default, options.Opset);
            var values = inputs.Select((x, i) => graph.Input(inputNames[i], x, options.DynamicBatch)).ToArray();
            var outputs = graph.ApplyRoot(module, values);
            var outputNames = options.OutputNames?.ToArray() ?? DefaultNames("output", outputs.Length);
            if (outputNames.Length != outputs.Length)
                throw new OnnxExportException($"{outputNames.Length} output names were given, but {module.GetType().Name} returns {outputs.Length} tensors.");
            for (var i = 0; i < outputs.Length; i++) graph.Output(outputs[i], outputNames[i], options.DynamicBatch);

            var model = new ModelProto { IrVersion = 8, ProducerName = "Pipeline.Export", ProducerVersion = "1", Graph = graph.Graph };
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = options.Opset });
            foreach (var (key, value) in options.Metadata ?? new Dictionary<string, string>())
                model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
            return (model, inputNames, outputNames);
        });
    }

    private static double Verify(torch.nn.Module module, byte[] model, IReadOnlyList<torch.Tensor> inputs,
                                 string[] inputNames, string[] outputNames, OnnxExportOptions options) =>
        InEvaluation(module, () =>
        {
            using var sessionOptions = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
            InferenceSession session;
            try
            {
                session = new InferenceSession(model, sessionOptions);
            }
            catch (OnnxRuntimeException error)
            {
                throw new OnnxVerificationException($"ONNX Runtime refuses the exported graph: {error.Message}", double.PositiveInfinity);
            }
            using (session)
            {
                var batches = new List<IReadOnlyList<torch.Tensor>> { inputs };
                if (options.DynamicBatch) batches.Add(inputs.Select(x => torch.cat([x, x.flip(0)], 0)).ToList());
                var worst = 0.0;
                foreach (var batch in batches)
                {
                    var expected = TorchForward.Run(module, batch);
                    worst = Math.Max(worst, OnnxVerifier.MaxDifference(session, inputNames, batch, outputNames, expected));
                }
                if (!(worst <= options.Tolerance))
                    throw new OnnxVerificationException(
                        $"The ONNX graph of {module.GetType().Name} differs from TorchSharp by {worst:G3} (tolerance {options.Tolerance:G3}) " +
                        "on the example inputs: a rule does not match its module; nothing was written.", worst);
                return worst;
            }
        });

    /// <summary>Runs <paramref name="work"/> with the module in evaluation mode, without gradients, inside a dispose scope; restores the mode.</summary>
    private static T InEvaluation<T>(torch.nn.Module module, Func<T> work)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var wasTraining = module.training;
        module.eval();
        try
        {
            return work();
        }
        finally
        {
            module.train(wasTraining);
        }
    }

    private static string[] DefaultNames(string stem, int count) =>
        count == 1 ? [stem] : Enumerable.Range(0, count).Select(i => $"{stem}{i}").ToArray();
}

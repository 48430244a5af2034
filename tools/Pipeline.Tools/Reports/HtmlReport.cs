using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Pipeline.Runtime.Images;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Tools.Evaluation;
using Pipeline.Tools.Images;

namespace Pipeline.Tools.Reports;

/// <summary>
/// A self-contained HTML page: for every shipped package a sample grid (inline PNG), its metrics from
/// `tools/pipeline eval`, its sampling speed and its training loss curve (inline SVG); then the calibration rows.
/// </summary>
public static class HtmlReport
{
    public static string Build(IReadOnlyList<string> packages, IReadOnlyList<EvaluationResult> results, long seed)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Pipeline report</title><style>")
            .Append("body{font-family:sans-serif;max-width:1100px;margin:auto;padding:1em}table{border-collapse:collapse}")
            .Append("td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}th{background:#f4f4f4}td:first-child{text-align:left}")
            .Append(".model{display:flex;gap:2em;align-items:flex-start;border-top:1px solid #ccc;padding:1em 0}</style></head><body>")
            .Append("<h1>Pipeline: shipped models</h1><p>Metrics measured by <code>tools/pipeline eval</code> through the runtime against the ")
            .Append("Fashion-MNIST test set in the feature space of <code>exported/fashion-classifier</code>; samples by <code>ModelPackage.Open(...).Sample(64, seed)</code>.</p>");
        html.Append(SummaryTable(results.Where(r => r.Family != "calibration").ToList()));
        foreach (var directory in packages) html.Append(ModelSection(directory, results, seed));
        html.Append("<h2>Calibration</h2><p>The same metrics for reference sets, so every figure has a scale.</p>")
            .Append(SummaryTable(results.Where(r => r.Family == "calibration").ToList()))
            .Append("</body></html>");
        return html.ToString();
    }

    public static string SummaryTable(IReadOnlyList<EvaluationResult> results)
    {
        var table = new StringBuilder("<table><tr><th>model</th><th>family</th><th>samples</th><th>FID</th><th>KID</th><th>precision</th><th>recall</th><th>class accuracy</th><th>−ELBO nats</th><th>−IWAE nats</th><th>−log p(x) nats (exact)</th><th>bits/dim (IWAE or exact)</th><th>images/s</th></tr>");
        foreach (var r in results)
        {
            string Cell(double? v, string format) => v is double d ? d.ToString(format, CultureInfo.InvariantCulture) : "–";
            table.Append(CultureInfo.InvariantCulture, $"<tr><td>{WebUtility.HtmlEncode(r.Name)}</td><td>{WebUtility.HtmlEncode(r.Family)}</td><td>{(r.Quality is { } q ? $"{q.Count:N0} {WebUtility.HtmlEncode(r.Sampler)}" : r.TestAccuracy is { } a ? $"test accuracy {a:P2}" : "–")}</td><td>{Cell(r.Quality?.Fid, "F2")}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{Cell(r.Quality?.Kid, "F3")}</td><td>{Cell(r.Quality?.Precision, "F3")}</td><td>{Cell(r.Quality?.Recall, "F3")}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{Cell(r.ClassAccuracy?.Average(), "P1")}</td><td>{Cell(r.Likelihood?.NegativeElbo, "F1")}</td><td>{Cell(r.Likelihood?.NegativeIwae, "F1")}</td><td>{Cell(r.ExactLikelihood?.NatsPerImage, "F1")}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{Cell(r.Likelihood?.IwaeBitsPerDimension ?? r.ExactLikelihood?.BitsPerDimension, "F4")}</td><td>{Cell(r.ImagesPerSecond, "F0")}</td></tr>");
        }
        return table.Append("</table>").ToString();
    }

    private static string ModelSection(string directory, IReadOnlyList<EvaluationResult> results, long seed)
    {
        var manifest = PackageReader.Read(directory);
        var section = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<div class=\"model\"><div><h3>{WebUtility.HtmlEncode(manifest.Name)}</h3>");
        using var model = manifest.Family == ModelFamily.Classifier ? null : ModelPackage.OpenWithManifest(directory, manifest, null);
        if (model is Pipeline.Runtime.Flows.FlowModel { Spec.Input: FlowInput.Points } toy)
        {
            var picture = Convert.ToBase64String(PngFile.Encode(Images.ToyFlowPicture.Create(toy, seed).ToGrid()));
            section.Append(CultureInfo.InvariantCulture, $"<img alt=\"toy density\" src=\"data:image/png;base64,{picture}\" width=\"480\"/>")
                .Append("<p>the data (when named), the learned density p(x) and 50,000 samples, over [−3, 3]²</p>");
        }
        else if (model is not null)
        {
            // Diffusion grids use DDIM-50 here, to keep the report quick (make run shows DDPM-1000). The first call, which
            // builds ONNX Runtime's plans and the sampler's buffers, is not timed.
            ImageBatch Sample() => model is Pipeline.Runtime.Diffusion.DiffusionModel diffusion
                ? diffusion.Sample(64, seed, null, Pipeline.Runtime.Diffusion.DiffusionSamplingOptions.Ddim(50))
                : model.Sample(64, seed);
            Sample();
            var clock = Stopwatch.StartNew();
            var images = Sample();
            clock.Stop();
            var how = model switch { Pipeline.Runtime.Diffusion.DiffusionModel => "DDIM-50", Pipeline.Runtime.Flows.FlowModel => "flow inversion", Pipeline.Runtime.Adversarial.GeneratorModel => "prior + generator", _ => "prior + decoder" };
            var png = Convert.ToBase64String(PngFile.Encode(images.ToGrid(8)));
            section.Append(CultureInfo.InvariantCulture, $"<img alt=\"samples\" src=\"data:image/png;base64,{png}\" width=\"240\"/>")
                .Append(CultureInfo.InvariantCulture, $"<p>64 samples ({how}, seed {seed}) in {clock.Elapsed.TotalSeconds:F2} s: {64 / clock.Elapsed.TotalSeconds:F1} images/s</p>");
        }
        section.Append("</div><div>");
        var result = results.FirstOrDefault(r => r.Name == manifest.Name);
        section.Append(CultureInfo.InvariantCulture, $"<p>family <b>{PackageReader.Name(manifest.Family)}</b>, kind <code>{WebUtility.HtmlEncode(manifest.Kind)}</code>, ")
            .Append(CultureInfo.InvariantCulture, $"{(manifest.Metrics.TryGetValue("training_steps", out var steps) ? $"{steps:N0} training steps" : "")}</p>");
        if (result?.ClassAccuracy is { } accuracy)
            section.Append(CultureInfo.InvariantCulture, $"<p>class accuracy per requested class: {string.Join(" ", accuracy.Select(a => a.ToString("P0", CultureInfo.InvariantCulture)))}</p>");
        if (result?.Likelihood is { } l) section.Append(CultureInfo.InvariantCulture, $"<p>likelihood protocol: {WebUtility.HtmlEncode(l.Protocol)}, {l.Images:N0} test images, K = {l.Samples}</p>");
        if (result?.ExactLikelihood is { } e) section.Append(CultureInfo.InvariantCulture, $"<p>exact likelihood protocol: {WebUtility.HtmlEncode(e.Protocol)}, {e.Images:N0} test images</p>");
        if (result?.Codebook is { } c)
            section.Append(CultureInfo.InvariantCulture, $"<p>VQ-VAE on {c.Images:N0} test images: reconstruction MSE {c.ReconstructionMse:G4} per pixel, codebook perplexity {c.Perplexity:F1} of {c.Codes} ({c.DeadCodes} unused), prior −log p(z) {c.PriorNatsPerGrid:F2} nats/image = {c.PriorBitsPerCode:F4} bits/code</p>");
        if (result?.Flow is { OodAuroc: { } auroc } ood)
            section.Append(CultureInfo.InvariantCulture, $"<p>out of distribution: MNIST digits {ood.DigitsBitsPerDim:F4} bits/dim; AUROC of bits/dim, Fashion test vs {ood.OodImages:N0} digits: {auroc:F3}</p>");
        if (result?.Flow is { DensityMass: { } mass } toyFigures)
            section.Append(CultureInfo.InvariantCulture, $"<p>∫ p = {mass:F4} on [−4, 4]²{(toyFigures.PointsNll is { } nll ? $"; −log p of {toyFigures.Points:N0} fresh points of {WebUtility.HtmlEncode(manifest.Dataset)}: {nll:F4} nats" : "")}</p>");
        if (manifest.LossHistory is { } history) section.Append(LossCurveSvg.Render(history, manifest.LossSeries));
        return section.Append("</div></div>").ToString();
    }
}

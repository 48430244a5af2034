using System.Globalization;
using ScottPlot;

namespace Pipeline.Tools.Reports;

/// <summary>
/// An inline SVG chart of training losses drawn by ScottPlot: rows of [step, loss] (or, with series names, [step, one loss
/// per series], a GAN's players each as its own line with a legend), axes with ticks and labels, the losses on a log axis
/// when all are positive and they span more than a decade.
/// </summary>
public static class LossCurveSvg
{
    private static readonly Color[] Colors = [new(0x2a, 0x6f, 0xdb), new(0xd9, 0x5f, 0x0e), new(0x2c, 0xa0, 0x2c), new(0x94, 0x67, 0xbd)];

    public static string Render(IReadOnlyList<double[]> history, IReadOnlyList<string>? series = null, int width = 400, int height = 220)
    {
        var columns = series?.Count ?? 1;
        var points = history.Where(p => p.Length == columns + 1 && p.All(double.IsFinite)).ToList();
        if (points.Count < 2) return "<em>no loss history</em>";
        var losses = points.SelectMany(p => p.Skip(1)).ToArray();
        var logScale = losses.All(l => l > 0) && losses.Max() / losses.Min() > 10;

        var plot = new Plot();
        var steps = points.Select(p => p[0]).ToArray();
        for (var k = 0; k < columns; k++)
        {
            var values = points.Select(p => p[k + 1]);
            var line = plot.Add.ScatterLine(steps, (logScale ? values.Select(Math.Log10) : values).ToArray());
            line.LineWidth = 1.5f;
            line.Color = Colors[k % Colors.Length];
            if (series is not null) line.LegendText = series[k];
        }
        if (series is not null) plot.ShowLegend(Alignment.UpperRight);
        if (logScale)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                LabelFormatter = y => Math.Pow(10, y).ToString("G3", CultureInfo.InvariantCulture),
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            };
        }
        plot.XLabel("training step", 12);
        plot.YLabel(logScale ? "loss (log scale)" : "loss", 12);
        plot.Title(series is null ? "training loss" : "training losses", 13);
        return plot.GetSvgHtml(width, height);
    }
}

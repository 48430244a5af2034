using System.Globalization;
using ScottPlot;

namespace Pipeline.Tools.Reports;

/// <summary>
/// An inline SVG chart of a training loss ([step, loss] pairs) drawn by ScottPlot: axes with ticks and labels, the loss
/// on a log axis when it spans more than a decade.
/// </summary>
public static class LossCurveSvg
{
    public static string Render(IReadOnlyList<double[]> history, int width = 400, int height = 220)
    {
        var points = history.Where(p => p.Length == 2 && double.IsFinite(p[0]) && double.IsFinite(p[1])).ToList();
        if (points.Count < 2) return "<em>no loss history</em>";
        var losses = points.Select(p => p[1]).ToArray();
        var logScale = losses.All(l => l > 0) && losses.Max() / losses.Min() > 10;

        var plot = new Plot();
        var line = plot.Add.ScatterLine(points.Select(p => p[0]).ToArray(), logScale ? losses.Select(Math.Log10).ToArray() : losses);
        line.LineWidth = 1.5f;
        line.Color = new Color(0x2a, 0x6f, 0xdb);
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
        plot.Title("training loss", 13);
        return plot.GetSvgHtml(width, height);
    }
}

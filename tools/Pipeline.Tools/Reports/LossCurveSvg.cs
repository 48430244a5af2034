using System.Globalization;
using System.Text;

namespace Pipeline.Tools.Reports;

/// <summary>An inline SVG line chart of a training loss ([step, loss] pairs), log-scaled when the loss spans a decade.</summary>
public static class LossCurveSvg
{
    public static string Render(IReadOnlyList<double[]> history, int width = 360, int height = 160)
    {
        var points = history.Where(p => p.Length == 2 && double.IsFinite(p[1])).ToList();
        if (points.Count < 2) return "<em>no loss history</em>";
        var positive = points.All(p => p[1] > 0);
        var logScale = positive && points.Max(p => p[1]) / points.Min(p => p[1]) > 10;
        double Y(double loss) => logScale ? Math.Log10(loss) : loss;
        var (x0, x1) = (points.Min(p => p[0]), points.Max(p => p[0]));
        var (y0, y1) = (points.Min(p => Y(p[1])), points.Max(p => Y(p[1])));
        if (y1 - y0 < 1e-12) y1 = y0 + 1;
        const int margin = 34;
        string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
        var polyline = string.Join(' ', points.Select(p =>
            $"{F(margin + (p[0] - x0) / Math.Max(1, x1 - x0) * (width - margin - 6))},{F(6 + (1 - (Y(p[1]) - y0) / (y1 - y0)) * (height - margin))}"));
        string Label(double y) => (logScale ? Math.Pow(10, y) : y).ToString("G3", CultureInfo.InvariantCulture);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-size=\"10\" font-family=\"sans-serif\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{margin}\" y=\"6\" width=\"{width - margin - 6}\" height=\"{height - margin}\" fill=\"none\" stroke=\"#ccc\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"#2a6fdb\" stroke-width=\"1.5\" points=\"{polyline}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"2\" y=\"14\">{Label(y1)}</text><text x=\"2\" y=\"{height - margin + 6}\">{Label(y0)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{margin}\" y=\"{height - 14}\">step {x0:F0}</text><text x=\"{width - 70}\" y=\"{height - 14}\">step {x1:F0}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2 - 30}\" y=\"{height - 2}\">loss{(logScale ? " (log)" : "")}</text></svg>");
        return svg.ToString();
    }
}

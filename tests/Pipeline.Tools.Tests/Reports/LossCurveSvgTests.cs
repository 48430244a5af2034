using System.Xml.Linq;
using NUnit.Framework;
using Pipeline.Tools.Reports;

namespace Pipeline.Tools.Tests.Reports;

public class LossCurveSvgTests
{
    private static List<double[]> Losses(Func<int, double> loss) => Enumerable.Range(0, 50).Select(i => new double[] { i * 10, loss(i) }).ToList();

    [Test]
    public void ALossCurveIsAnSvgChartWithTitleAndLabelledAxes()
    {
        var svg = LossCurveSvg.Render(Losses(i => 1.0 - i / 100.0));

        var root = XElement.Parse(svg);
        Assert.That(root.Name.LocalName, Is.EqualTo("svg"));
        var texts = root.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToList();
        Assert.That(texts, Does.Contain("training loss").And.Contain("training step").And.Contain("loss"));
        Assert.That(texts, Does.Contain("0.6"), "tick labels on the loss axis");
    }

    [Test]
    public void ALossThatSpansDecadesIsOnALogAxisLabelledInLosses()
    {
        var svg = LossCurveSvg.Render(Losses(i => 100 * Math.Pow(0.9, i)));

        var texts = XElement.Parse(svg).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToList();
        Assert.That(texts, Does.Contain("loss (log scale)"));
        Assert.That(texts, Does.Contain("10"), "ticks are labelled with losses, not their logarithms");
    }

    [Test]
    public void TooShortAHistoryIsSaidInWords()
    {
        Assert.That(LossCurveSvg.Render([[0, 1.0]]), Is.EqualTo("<em>no loss history</em>"));
    }
}

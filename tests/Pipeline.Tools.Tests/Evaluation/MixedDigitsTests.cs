using NUnit.Framework;
using Pipeline.Data;
using Pipeline.Tools.Evaluation;

namespace Pipeline.Tools.Tests.Evaluation;

public class MixedDigitsTests
{
    [Test]
    public void TheFirstDigitsAreOfEveryLabel()
    {
        var digits = MnistDigits.Load();
        Assert.That(digits.Labels.Span[..1000].ToArray().Distinct().Count(), Is.EqualTo(1), "the set itself comes grouped by label");

        var mixed = MixedDigits.Take(digits, 1000);

        Assert.That(mixed.Count, Is.EqualTo(1000));
        Assert.That(mixed.Labels.ToArray().Distinct().Count(), Is.EqualTo(10));
        Assert.That(MixedDigits.Take(digits, 1000).Pixels.ToArray(), Is.EqualTo(mixed.Pixels.ToArray()), "a fixed order");
        Assert.That(MixedDigits.Take(digits, int.MaxValue).Count, Is.EqualTo(digits.Count));
    }
}

using NUnit.Framework;
using Pipeline.Runtime.Diffusion;

namespace Pipeline.Runtime.Tests.Diffusion;

/// <summary>SetTimesteps: which timesteps a scheduler visits and in which order.</summary>
public class TimestepSpacingTests
{
    private static readonly NoiseSchedule Schedule = new(BetaSchedules.Linear(1000));

    [TestCase(TimestepSpacing.Leading)]
    [TestCase(TimestepSpacing.Trailing)]
    [TestCase(TimestepSpacing.Linspace)]
    public void AllTStepsVisitEveryTimestepDownToZero(TimestepSpacing spacing)
    {
        var scheduler = new DdpmScheduler(Schedule, spacing: spacing);
        Assert.That(scheduler.Timesteps.ToArray(), Is.EqualTo(Enumerable.Range(0, 1000).Reverse().ToArray()), "before SetTimesteps");
        scheduler.SetTimesteps(1000);
        Assert.That(scheduler.Timesteps.ToArray(), Is.EqualTo(Enumerable.Range(0, 1000).Reverse().ToArray()));
        Assert.That(scheduler.PreviousTimestep(500), Is.EqualTo(499));
        Assert.That(scheduler.PreviousTimestep(0), Is.EqualTo(-1));
    }

    [Test]
    public void LeadingSpacingIsMultiplesOfTOverSteps()
    {
        var scheduler = new DdimScheduler(Schedule);
        scheduler.SetTimesteps(50);
        var expected = Enumerable.Range(0, 50).Select(k => 20 * k).Reverse().ToArray();
        Assert.That(scheduler.Timesteps.ToArray(), Is.EqualTo(expected));
        Assert.That(scheduler.PreviousTimestep(980), Is.EqualTo(960));
        Assert.That(scheduler.PreviousTimestep(0), Is.EqualTo(-1));
    }

    [Test]
    public void TrailingSpacingStartsAtTheLastTimestep()
    {
        var scheduler = new DdimScheduler(Schedule, spacing: TimestepSpacing.Trailing);
        scheduler.SetTimesteps(50);
        Assert.That(scheduler.Timesteps.ToArray(), Is.EqualTo(Enumerable.Range(0, 50).Select(k => 999 - 20 * k).ToArray()));
    }

    [Test]
    public void LinspaceSpacingCoversBothEnds()
    {
        var scheduler = new DdimScheduler(Schedule, spacing: TimestepSpacing.Linspace);
        scheduler.SetTimesteps(4);
        Assert.That(scheduler.Timesteps.ToArray(), Is.EqualTo(new[] { 999, 666, 333, 0 }));
        scheduler.SetTimesteps(50);
        var timesteps = scheduler.Timesteps.ToArray();
        Assert.That(timesteps[0], Is.EqualTo(999));
        Assert.That(timesteps[1], Is.EqualTo(979), "round(999·48/49) = round(978.61)");
        Assert.That(timesteps[^1], Is.EqualTo(0));
        Assert.That(timesteps.Distinct().Count(), Is.EqualTo(50));
    }

    [Test]
    public void StepCountsOutsideOneToTAreRejected()
    {
        var scheduler = new DdpmScheduler(Schedule);
        Assert.That(() => scheduler.SetTimesteps(0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("1 to 1000"));
        Assert.That(() => scheduler.SetTimesteps(1001), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void SteppingFromATimestepThatIsNotVisitedIsRejected()
    {
        var scheduler = new DdpmScheduler(Schedule);
        scheduler.SetTimesteps(10);
        var sample = new float[2];
        Assert.That(() => scheduler.Step(new float[2], 999, sample, new float[2]),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Timesteps"));
    }

    [TestCase(TimestepSpacing.Leading, 1, 0)]
    [TestCase(TimestepSpacing.Linspace, 1, 0)]
    [TestCase(TimestepSpacing.Leading, 2, 500)]
    public void ASamplerThatWouldStartFarBelowPureNoiseIsRefused(TimestepSpacing spacing, int steps, int first)
    {
        var options = DiffusionSamplingOptions.Ddim(steps) with { Spacing = spacing };
        Assert.That(() => options.CreateScheduler(Schedule, clipSample: false), Throws.ArgumentException
            .With.Message.Contains($"{spacing} spacing of {steps} of 1000 steps starts at t = {first}").And.Message.Contains("Use Trailing spacing"));
    }

    [TestCase(TimestepSpacing.Trailing, 1)]
    [TestCase(TimestepSpacing.Trailing, 2)]
    [TestCase(TimestepSpacing.Leading, 3)]
    [TestCase(TimestepSpacing.Leading, 50)]
    [TestCase(TimestepSpacing.Leading, 400)]
    [TestCase(TimestepSpacing.Linspace, 2)]
    public void SamplersThatStartNoisyEnoughAreKept(TimestepSpacing spacing, int steps) =>
        Assert.That(new DiffusionSamplingOptions { Steps = steps, Spacing = spacing }.CreateScheduler(Schedule, clipSample: false).Timesteps.Length, Is.EqualTo(steps));
}

using NUnit.Framework;
using Pipeline.Distributed;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Distributed;

public class StateBroadcastTests
{
    [Test]
    public void EveryRankTakesRankZerosWeightsAndBuffers()
    {
        var seen = new float[2][];
        ThreadGroup.Run(2, group =>
        {
            random.manual_seed(group.Rank + 10);
            using var model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4));
            using (no_grad()) model.buffers().First().fill_(group.Rank + 1);   // running mean: 1 on rank 0, 2 on rank 1
            StateBroadcast.AllState(model, group).FromRankZero();
            seen[group.Rank] = model.parameters().Concat(model.buffers().Where(b => b.dtype == ScalarType.Float32))
                .SelectMany(t => t.detach().data<float>().ToArray()).ToArray();
            Assert.That(model.buffers().First().data<float>().ToArray(), Is.All.EqualTo(1f));
        });
        Assert.That(seen[1], Is.EqualTo(seen[0]));
    }

    [Test]
    public void TheUnoptimizedStateLeavesOutTrainedWeightsAndFrozenModulesInEvaluation()
    {
        ThreadGroup.Run(1, group =>
        {
            using var trained = nn.Linear(3, 4);
            using var frozen = nn.Linear(3, 4);
            foreach (var parameter in frozen.parameters()) parameter.requires_grad = false;
            frozen.eval();
            using var norm = nn.BatchNorm1d(4);
            using var model = nn.Sequential(("trained", trained), ("frozen", frozen), ("norm", norm));
            model.train();
            frozen.eval();
            // BatchNorm1d's running mean and variance (4 floats each) and its batch count (one int64).
            Assert.That(StateBroadcast.UnoptimizedState(model, group).Bytes, Is.EqualTo(4 * 4 + 4 * 4 + 8));
        });
    }

    [TestCase(false, false, 0)]
    [TestCase(true, false, 8 * 3)]
    [TestCase(true, true, 8 * 3)]
    public void ACodebookRestartingDeadCodesIsRankZeros(bool restart, bool ema, int codebookFloats)
    {
        ThreadGroup.Run(1, group =>
        {
            using var quantizer = new Pipeline.Models.Quantized.VectorQuantizer(8, 3, ema: ema, restartDeadCodes: restart);
            quantizer.train();
            // The usage counts and EMA sums (8 + 8·3 floats), plus the codebook when restarts change it in place on each
            // rank (an EMA codebook is there anyway, being no optimizer's).
            var expected = (8 + 8 * 3 + (ema ? 8 * 3 : codebookFloats)) * 4;
            Assert.That(StateBroadcast.UnoptimizedState(quantizer, group).Bytes, Is.EqualTo(expected));
        });
    }
}

using NUnit.Framework;
using Pipeline.Distributed;

namespace Pipeline.Tests.Distributed;

public class DataShardTests
{
    [Test]
    public void SharesDifferByAtMostOneAndCoverTheBatchInOrder()
    {
        Assert.That(Enumerable.Range(0, 3).Select(r => new DataShard(r, 3).Of(7)), Is.EqualTo(new[] { (0, 3), (3, 2), (5, 2) }));
        Assert.That(Enumerable.Range(0, 2).Select(r => new DataShard(r, 2).Of(100)), Is.EqualTo(new[] { (0, 50), (50, 50) }));
        Assert.That(new DataShard(0, 1).Of(9), Is.EqualTo((0, 9)));
    }
}

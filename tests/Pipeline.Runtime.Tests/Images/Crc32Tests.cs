using System.Text;
using NUnit.Framework;
using Pipeline.Runtime.Images;
using Pipeline.Runtime.Tests.Support;

namespace Pipeline.Runtime.Tests.Images;

public class Crc32Tests
{
    [Test]
    public void MatchesTheStandardCheckValue()
    {
        Assert.That(Crc32.Compute(Encoding.ASCII.GetBytes("123456789")), Is.EqualTo(0xCBF43926u));
        Assert.That(Crc32.Compute([]), Is.EqualTo(0u));
    }

    [Test]
    public void MatchesTheBitwiseFormOnRandomBytesAndAcrossUpdates()
    {
        var data = new byte[1000];
        new Random(3).NextBytes(data);

        var whole = Crc32.Compute(data);
        var pieces = Crc32.Finish(Crc32.Update(Crc32.Update(Crc32.Start, data.AsSpan(0, 333)), data.AsSpan(333)));

        Assert.That(whole, Is.EqualTo(PngFile.BitwiseCrc32(data)));
        Assert.That(pieces, Is.EqualTo(whole));
    }
}

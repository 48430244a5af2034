using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Data;

namespace Pipeline.Tests.Data;

public class IdxReaderTests
{
    [Test]
    public void ReadsPlainAndGzipFiles()
    {
        using var temp = new TempDirectory();
        var content = IdxFiles.Images(2, 2, 3, Enumerable.Range(0, 12).Select(i => (byte)i).ToArray());
        File.WriteAllBytes(temp.File("plain"), content);
        File.WriteAllBytes(temp.File("packed.gz"), IdxFiles.Gzip(content));
        foreach (var name in new[] { "plain", "packed.gz" })
        {
            var (pixels, count, rows, columns) = IdxReader.ReadImages(temp.File(name));
            Assert.That((count, rows, columns), Is.EqualTo((2, 2, 3)));
            Assert.That(pixels, Is.EqualTo(Enumerable.Range(0, 12).Select(i => (byte)i).ToArray()));
        }
    }

    [Test]
    public void ExtraDataIsRejected()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("labels"), IdxFiles.Labels(2, new byte[] { 1, 2, 3 }));
        Assert.That(() => IdxReader.ReadLabels(temp.File("labels")),
            Throws.TypeOf<DatasetException>().With.Message.Contains("more data"));
    }

    [Test]
    public void TruncatedHeaderIsRejected()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("images.gz"), IdxFiles.Gzip(IdxFiles.Images(1, 28, 28, Array.Empty<byte>())[..10]));
        Assert.That(() => IdxReader.ReadImages(temp.File("images.gz"), "try again"),
            Throws.TypeOf<DatasetException>().With.Message.Contains("truncated").And.Message.Contains("try again"));
    }

    [Test]
    public void NegativeSizeIsRejected()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("labels"), IdxFiles.Labels(-5, Array.Empty<byte>()));
        Assert.That(() => IdxReader.ReadLabels(temp.File("labels")),
            Throws.TypeOf<DatasetException>().With.Message.Contains("negative"));
    }
}

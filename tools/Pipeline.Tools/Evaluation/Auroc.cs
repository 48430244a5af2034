namespace Pipeline.Tools.Evaluation;

/// <summary>
/// Area under the ROC curve of anomaly scores: the probability that a random positive scores above a random
/// negative (ties count one half), i.e. the Mann–Whitney U statistic divided by n₊·n₋.
/// </summary>
public static class Auroc
{
    public static double Compute(IReadOnlyList<double> positives, IReadOnlyList<double> negatives)
    {
        if (positives.Count == 0 || negatives.Count == 0) throw new ArgumentException("the AUROC needs at least one positive and one negative score");
        var all = positives.Select(s => (Score: s, Positive: true)).Concat(negatives.Select(s => (Score: s, Positive: false)))
            .OrderBy(p => p.Score).ToList();
        // Rank sum of the positives, with tied scores sharing their average rank.
        double rankSum = 0;
        for (var i = 0; i < all.Count;)
        {
            var j = i;
            while (j < all.Count && all[j].Score == all[i].Score) j++;
            var averageRank = (i + 1 + j) / 2.0;
            for (var k = i; k < j; k++)
                if (all[k].Positive) rankSum += averageRank;
            i = j;
        }
        var u = rankSum - positives.Count * (positives.Count + 1) / 2.0;
        return u / ((double)positives.Count * negatives.Count);
    }
}

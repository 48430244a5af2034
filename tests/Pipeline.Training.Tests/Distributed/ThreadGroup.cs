using System.Numerics;
using Pipeline.Distributed;

namespace Pipeline.Tests.Distributed;

/// <summary>
/// Ranks as threads of one process, to test collective code without MPI: every call puts this rank's buffer in its slot,
/// waits for all ranks, reads the others' and waits again, as an MPI collective does.
/// </summary>
internal sealed class ThreadGroup
{
    private readonly Barrier barrier;
    private readonly object[] slots;

    private ThreadGroup(int size)
    {
        barrier = new Barrier(size);
        slots = new object[size];
    }

    /// <summary>Runs <paramref name="body"/> once per rank, each on its own thread, and waits for all; rethrows the first failure.</summary>
    public static void Run(int size, Action<IProcessGroup> body)
    {
        var group = new ThreadGroup(size);
        var failures = new Exception?[size];
        var threads = Enumerable.Range(0, size).Select(rank => new Thread(() =>
        {
            try
            {
                body(new Member(group, rank, size));
            }
            catch (Exception error)
            {
                failures[rank] = error;
                group.barrier.RemoveParticipant();
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (failures.FirstOrDefault(f => f is not null) is { } failure) throw new AggregateException(failure);
    }

    private sealed class Member(ThreadGroup group, int rank, int size) : IProcessGroup
    {
        public int Rank => rank;

        public int Size => size;

        public void AllReduceSum(Span<float> buffer) => Sum(buffer);

        public void AllReduceSum(Span<double> buffer) => Sum(buffer);

        public void Broadcast(Span<byte> buffer, int root = 0) => Exchange(buffer.ToArray())[root].CopyTo(buffer);

        /// <summary>Replaces <paramref name="buffer"/> by the element-wise sum of every rank's, summed in rank order.</summary>
        private void Sum<T>(Span<T> buffer) where T : INumber<T>
        {
            var sums = Exchange(buffer.ToArray()).Aggregate(new T[buffer.Length], (sum, values) =>
            {
                for (var i = 0; i < sum.Length; i++) sum[i] += values[i];
                return sum;
            });
            sums.CopyTo(buffer);
        }

        /// <summary>Every rank's buffer, in rank order, once all ranks have put theirs.</summary>
        private T[][] Exchange<T>(T[] mine)
        {
            group.slots[rank] = mine;
            group.barrier.SignalAndWait();
            var all = group.slots.Cast<T[]>().ToArray();
            group.barrier.SignalAndWait();
            return all;
        }
    }
}

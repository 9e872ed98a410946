using System.Runtime.CompilerServices;
using System.Text;
using Scorecard.Pipeline.Ingest;

namespace Scorecard.SampleData;

/// <summary>
/// Writes large <c>telephony/contacts</c> extracts fast, for ingest benchmarks: the same columns, formats and
/// broad distributions as <see cref="SampleDataGenerator"/> (voice ~70%, outbound ~8%, ~12% abandons, ~8%
/// transfers, exponential waits), spread over <see cref="Days"/> days from <see cref="StartDate"/>,
/// <see cref="AgentCount"/> agents and twelve queues, without the other datasets. Rows are formatted straight
/// into UTF-8 blocks on every core; each block has its own random stream, so the file depends only on the
/// row count and seed, never on thread timing.
/// </summary>
public static class ContactsCsvWriter
{
    /// <summary>First day of the contacts.</summary>
    public static readonly DateOnly StartDate = new(2026, 10, 5);

    /// <summary>Days the rows are spread over, in order: row <c>i</c> falls on day <c>i * Days / rows</c>.</summary>
    public const int Days = 7;

    /// <summary>Agents <c>A0001</c>..<c>A0400</c> handle the answered contacts.</summary>
    public const int AgentCount = 400;

    /// <summary>Largest supported row count: contact ids carry a nine-digit sequence.</summary>
    public const long MaxRows = 999_999_999;

    private const int BlockRows = 16_384;
    private const int MaxRowBytes = 256;
    private const int FirstSecond = 7 * 3_600;
    private const int OpenSeconds = 14 * 3_600;

    private static readonly byte[] Header = Encoding.UTF8.GetBytes(
        string.Join(',', ExtractContracts.Contacts.Columns.Select(c => c.Name)) + "\n");

    private static readonly byte[][] Channels = Bytes("voice", "chat", "email", "social");
    private static readonly byte[] Inbound = "inbound"u8.ToArray();
    private static readonly byte[] Outbound = "outbound"u8.ToArray();
    private static readonly byte[] Answered = "answered"u8.ToArray();
    private static readonly byte[] Abandoned = "abandoned"u8.ToArray();
    private static readonly byte[] Transferred = "transferred"u8.ToArray();

    private static readonly BulkQueue[] Queues =
    [
        new("support_en", 0.21, 1.15, "how_to", "account_access", "address_change", "service_question"),
        new("support_fr", 0.09, 1.25, "how_to", "account_access", "address_change", "service_question"),
        new("billing_en", 0.15, 1.0, "invoice_query", "payment_issue", "refund_request"),
        new("billing_fr", 0.06, 1.1, "invoice_query", "payment_issue", "refund_request"),
        new("tech_en", 0.14, 1.25, "no_service", "device_setup", "slow_connection", "outage"),
        new("tech_fr", 0.06, 1.35, "no_service", "device_setup", "slow_connection", "outage"),
        new("sales_en", 0.12, 0.85, "new_subscription", "upgrade", "price_enquiry"),
        new("sales_fr", 0.05, 0.95, "new_subscription", "upgrade", "price_enquiry"),
        new("retention_en", 0.05, 0.75, "cancel_request", "downgrade", "competitor_offer"),
        new("retention_fr", 0.02, 0.8, "cancel_request", "downgrade", "competitor_offer"),
        new("collections_en", 0.035, 0.9, "payment_plan", "overdue_notice"),
        new("collections_fr", 0.015, 1.0, "payment_plan", "overdue_notice"),
    ];

    private static readonly double[] QueueWeights = SampleRoster.Cumulative([.. Queues.Select(q => q.Weight)]);

    /// <summary>Outbound campaigns: sales and retention queues only.</summary>
    private static readonly int[] OutboundQueues = [6, 7, 8, 9];

    private static readonly byte[][] AgentIds = [.. Enumerable.Range(1, AgentCount).Select(n => Encoding.ASCII.GetBytes($"A{n:D4}"))];

    /// <summary>"yyyy-MM-ddT" for each day, with room for contacts that end after midnight.</summary>
    private static readonly byte[][] DayPrefixes =
        [.. Enumerable.Range(0, Days + 2).Select(d => Encoding.ASCII.GetBytes(StartDate.AddDays(d).ToString("yyyy-MM-dd'T'", System.Globalization.CultureInfo.InvariantCulture)))];

    /// <summary>"yyyyMMdd" for each day, for contact ids.</summary>
    private static readonly byte[][] DayStamps =
        [.. Enumerable.Range(0, Days).Select(d => Encoding.ASCII.GetBytes(StartDate.AddDays(d).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)))];

    /// <summary>Writes a header and <paramref name="rows"/> contacts to <paramref name="localPath"/>, replacing it.</summary>
    public static async Task WriteAsync(string localPath, long rows, int seed, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        if (rows is < 0 or > MaxRows)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows, $"rows must be between 0 and {MaxRows:N0}.");
        }

        long blocks = (rows + BlockRows - 1) / BlockRows;
        int workers = Math.Max(1, Environment.ProcessorCount);
        int batchBlocks = workers * 2;
        var buffers = new[] { NewBatch(batchBlocks), NewBatch(batchBlocks) };
        var lengths = new[] { new int[batchBlocks], new int[batchBlocks] };

        await using var file = new FileStream(localPath, FileMode.Create, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
        await file.WriteAsync(Header, cancellationToken).ConfigureAwait(false);

        // Format batch n+1 on every core while batch n is written out.
        int current = 0;
        Task<int> formatting = FormatBatchAsync(0);
        for (long first = 0; first < blocks; first += batchBlocks)
        {
            int count = await formatting.ConfigureAwait(false);
            long next = first + batchBlocks;
            formatting = next < blocks ? FormatBatchAsync(next) : Task.FromResult(0);
            for (int i = 0; i < count; i++)
            {
                await file.WriteAsync(buffers[current][i].AsMemory(0, lengths[current][i]), cancellationToken).ConfigureAwait(false);
            }

            current ^= 1;
        }

        await formatting.ConfigureAwait(false);

        Task<int> FormatBatchAsync(long firstBlock)
        {
            int target = firstBlock / batchBlocks % 2 == 0 ? 0 : 1;
            int count = (int)Math.Min(batchBlocks, blocks - firstBlock);
            return Task.Run(
                () =>
                {
                    Parallel.For(
                        0,
                        count,
                        new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken },
                        i => lengths[target][i] = FormatBlock(buffers[target][i], firstBlock + i, rows, seed));
                    return count;
                },
                cancellationToken);
        }
    }

    private static byte[][] NewBatch(int blocks) => [.. Enumerable.Range(0, blocks).Select(_ => new byte[BlockRows * MaxRowBytes])];

    /// <summary>Formats rows [block * BlockRows, ...) into <paramref name="buffer"/>; returns the bytes written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FormatBlock(byte[] buffer, long block, long rows, int seed)
    {
        var random = new DeterministicRandom(seed, StreamIds.Bulk, block);
        Span<byte> output = buffer;
        int at = 0;
        long end = Math.Min(rows, (block + 1) * BlockRows);
        for (long row = block * BlockRows; row < end; row++)
        {
            at = FormatRow(output, at, row, rows, random);
        }

        return at;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FormatRow(Span<byte> o, int at, long row, long rows, DeterministicRandom random)
    {
        int day = (int)(row * Days / rows);
        long firstOfDay = (day * rows + Days - 1) / Days;
        long rowsInDay = ((day + 1) * rows + Days - 1) / Days - firstOfDay;
        int offered = day * 86_400 + FirstSecond + (int)((row - firstOfDay) * OpenSeconds / rowsInDay);
        int hourOfDay = (offered % 86_400) / 3_600;
        double timeOfDay = hourOfDay is >= 9 and <= 11 or >= 14 and <= 16 ? 1.2 : 0.85;

        bool outbound = random.NextDouble() < 0.08;
        int queueIndex = outbound ? OutboundQueues[random.Next(OutboundQueues.Length)] : random.Pick(QueueWeights);
        BulkQueue queue = Queues[queueIndex];
        double load = queue.Load * timeOfDay;
        double c = random.NextDouble();
        int channel = outbound || c < 0.674 ? 0 : c < 0.837 ? 1 : c < 0.946 ? 2 : 3;
        double abandonChance = channel switch { 0 => 0.135, 1 => 0.12, 2 => 0.03, _ => 0.05 } * load;
        bool abandoned = !outbound && random.NextDouble() < abandonChance;
        bool hasCustomer = outbound || random.NextDouble() < 0.7;
        int customer = random.Next(10_000_000);

        at = Put(o, at, (byte)'C');
        at = Put(o, at, DayStamps[day]);
        at = Digits(o, at, row + 1, 9);
        at = Put(o, at, (byte)',');
        at = Put(o, at, Channels[channel]);
        at = Put(o, at, (byte)',');
        at = Put(o, at, outbound ? Outbound : Inbound);
        at = Put(o, at, (byte)',');
        at = Put(o, at, queue.Id);
        at = Put(o, at, (byte)',');

        if (abandoned)
        {
            int gaveUpAfter = channel switch
            {
                0 => random.NextDouble() < 0.15 ? 1 + random.Next(6) : 6 + (int)Math.Min(3_600, random.Exponential(55 * load)),
                1 => 10 + (int)Math.Min(7_200, random.Exponential(120 * load)),
                2 => 3_600 + (int)Math.Min(7_200, random.Exponential(3_600)),
                _ => 600 + (int)Math.Min(7_200, random.Exponential(1_800)),
            };
            at = Put(o, at, (byte)',');
            at = Timestamp(o, at, offered);
            at = Put(o, at, (byte)',');
            at = Put(o, at, (byte)',');
            at = Timestamp(o, at, offered + gaveUpAfter);
            at = Put(o, at, ",0,0,0,"u8);
            at = Put(o, at, Abandoned);
            at = Put(o, at, (byte)',');
            at = Customer(o, at, hasCustomer, customer);
            return Put(o, at, ",\n"u8);
        }

        int wait = outbound ? 4 + random.Next(18) : channel switch
        {
            0 => (int)Math.Min(3_600, random.Exponential(8 * load)),
            1 => 5 + (int)Math.Min(3_600, random.Exponential(35 * load)),
            2 => 120 + (int)Math.Min(7_200, random.Exponential(3_600 * load)),
            _ => 60 + (int)Math.Min(7_200, random.Exponential(900 * load)),
        };
        double skill = 0.3 + 0.6 * random.NextDouble();
        double pace = 1.3 - 0.5 * skill;
        (int talk, int hold, int acw) = channel switch
        {
            0 => (Clamp(random.LogNormal(230 * pace, 0.55), 15, 5_400), random.NextDouble() < 0.3 ? Clamp(random.Exponential(45), 1, 1_800) : 0, Clamp(random.LogNormal(40 * pace, 0.6), 3, 1_200)),
            1 => (Clamp(random.LogNormal(540 * pace, 0.5), 60, 7_200), 0, Clamp(random.LogNormal(30 * pace, 0.5), 3, 900)),
            2 => (Clamp(random.LogNormal(300 * pace, 0.6), 30, 3_600), 0, Clamp(random.LogNormal(45 * pace, 0.5), 3, 900)),
            _ => (Clamp(random.LogNormal(200 * pace, 0.6), 20, 3_600), 0, Clamp(random.LogNormal(25 * pace, 0.5), 3, 900)),
        };
        bool transferred = random.NextDouble() < 0.05 + 0.1 * (1 - skill);
        int reason = random.Next(queue.Reasons.Length);
        bool wrapped = random.NextDouble() >= 0.04;

        at = Put(o, at, AgentIds[random.Next(AgentCount)]);
        at = Put(o, at, (byte)',');
        at = Timestamp(o, at, offered);
        at = Put(o, at, (byte)',');
        at = Timestamp(o, at, offered + wait);
        at = Put(o, at, (byte)',');
        at = Timestamp(o, at, offered + wait + talk + hold);
        at = Put(o, at, (byte)',');
        at = Digits(o, at, talk, 1);
        at = Put(o, at, (byte)',');
        at = Digits(o, at, hold, 1);
        at = Put(o, at, (byte)',');
        at = Digits(o, at, acw, 1);
        at = Put(o, at, (byte)',');
        at = Put(o, at, transferred ? Transferred : Answered);
        at = Put(o, at, (byte)',');
        at = Customer(o, at, hasCustomer, customer);
        at = Put(o, at, (byte)',');
        if (wrapped)
        {
            at = Put(o, at, queue.Reasons[reason]);
        }

        return Put(o, at, (byte)'\n');
    }

    private static int Clamp(double value, int min, int max) => (int)Math.Clamp(Math.Round(value), min, max);

    private static int Customer(Span<byte> o, int at, bool present, int customer)
    {
        if (!present)
        {
            return at;
        }

        at = Put(o, at, "CU"u8);
        return Digits(o, at, customer, 8);
    }

    /// <summary><c>yyyy-MM-ddTHH:mm:ssZ</c> for seconds since <see cref="StartDate"/> midnight UTC.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Timestamp(Span<byte> o, int at, int seconds)
    {
        int day = seconds / 86_400;
        int second = seconds - day * 86_400;
        at = Put(o, at, DayPrefixes[day]);
        at = Digits(o, at, second / 3_600, 2);
        at = Put(o, at, (byte)':');
        at = Digits(o, at, second / 60 % 60, 2);
        at = Put(o, at, (byte)':');
        at = Digits(o, at, second % 60, 2);
        return Put(o, at, (byte)'Z');
    }

    /// <summary>A non-negative number in decimal, left-padded with zeros to at least <paramref name="width"/> digits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Digits(Span<byte> o, int at, long value, int width)
    {
        int length = 1;
        for (long v = value / 10; v > 0; v /= 10)
        {
            length++;
        }

        length = Math.Max(length, width);
        for (int i = at + length - 1; i >= at; i--)
        {
            o[i] = (byte)('0' + value % 10);
            value /= 10;
        }

        return at + length;
    }

    private static int Put(Span<byte> o, int at, byte value)
    {
        o[at] = value;
        return at + 1;
    }

    private static int Put(Span<byte> o, int at, ReadOnlySpan<byte> value)
    {
        value.CopyTo(o[at..]);
        return at + value.Length;
    }

    private static byte[][] Bytes(params string[] values) => [.. values.Select(Encoding.ASCII.GetBytes)];

    /// <summary>A benchmark queue: id, share of inbound traffic, relative load and wrap-up codes, pre-encoded.</summary>
    private sealed class BulkQueue(string id, double weight, double load, params string[] reasons)
    {
        public byte[] Id { get; } = Encoding.ASCII.GetBytes(id);

        public double Weight { get; } = weight;

        public double Load { get; } = load;

        public byte[][] Reasons { get; } = Bytes(reasons);
    }
}

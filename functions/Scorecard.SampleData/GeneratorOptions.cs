namespace Scorecard.SampleData;

/// <summary>What <see cref="SampleDataGenerator"/> produces: which days, how big a centre, and how the files are written.</summary>
public sealed record GeneratorOptions
{
    /// <summary>Largest supported <see cref="ContactsPerDay"/>: contact ids carry a six-digit sequence per day.</summary>
    public const int MaxContactsPerDay = 500_000;

    /// <summary>Largest supported <see cref="Agents"/>: agent ids are <c>A0001</c>..<c>A9999</c>, replacements included.</summary>
    public const int MaxAgents = 5_000;

    /// <summary>First day generated (UTC calendar day). Required.</summary>
    public required DateOnly StartDate { get; init; }

    /// <summary>Number of consecutive days generated, 1..366. Default 30.</summary>
    public int Days { get; init; } = 30;

    /// <summary>Head count on the first day, 5..5,000; leavers are replaced by new hires. Default 60.</summary>
    public int Agents { get; init; } = 60;

    /// <summary>Average contacts offered per day (weekdays busier than weekends), 1..500,000. Default 2,000.</summary>
    public int ContactsPerDay { get; init; } = 2_000;

    /// <summary>Random seed: the same options give byte-identical files. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Write <c>.csv.gz</c> (gzip) instead of plain <c>.csv</c>. Default false.</summary>
    public bool Compress { get; init; }

    /// <summary>Last day generated.</summary>
    public DateOnly EndDate => StartDate.AddDays(Days - 1);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Days is < 1 or > 366)
        {
            throw new ArgumentException($"Days must be between 1 and 366 (was {Days}).", nameof(Days));
        }

        if (StartDate.Year < 2000 || EndDate.Year > 2099)
        {
            throw new ArgumentException(
                $"StartDate {StartDate:yyyy-MM-dd} with Days {Days} must stay within the years 2000-2099 the contracts accept.",
                nameof(StartDate));
        }

        if (Agents is < 5 or > MaxAgents)
        {
            throw new ArgumentException($"Agents must be between 5 and {MaxAgents:N0} (was {Agents}).", nameof(Agents));
        }

        if (ContactsPerDay is < 1 or > MaxContactsPerDay)
        {
            throw new ArgumentException(
                $"ContactsPerDay must be between 1 and {MaxContactsPerDay:N0} (was {ContactsPerDay}).", nameof(ContactsPerDay));
        }
    }
}

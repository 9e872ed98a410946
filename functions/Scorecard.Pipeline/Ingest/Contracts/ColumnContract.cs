namespace Scorecard.Pipeline.Ingest;

/// <summary>One column of an extract contract: its name in the CSV header, type, whether it must have a value, and its rule.</summary>
public sealed record ColumnContract(string Name, ColumnKind Kind, bool Required, string Description)
{
    /// <summary>For <see cref="ColumnKind.Code"/>: the accepted values (exact, lowercase).</summary>
    public IReadOnlyList<string> AllowedValues { get; init; } = [];

    /// <summary>For <see cref="ColumnKind.Integer"/> and <see cref="ColumnKind.Decimal"/>: smallest accepted value.</summary>
    public decimal Min { get; init; }

    /// <summary>For <see cref="ColumnKind.Integer"/> and <see cref="ColumnKind.Decimal"/>: largest accepted value.</summary>
    public decimal Max { get; init; } = int.MaxValue;

    /// <summary>For text-like kinds: the longest accepted value, in characters.</summary>
    public int MaxLength { get; init; } = 64;

    /// <summary>Few distinct values (queues, agents, teams): interned while reading and dictionary-encoded in Parquet.</summary>
    public bool LowCardinality { get; init; }

    /// <summary>The rule in words, as the README's contract tables show it.</summary>
    public string Rule => Kind switch
    {
        ColumnKind.Text => $"text, at most {MaxLength} characters",
        ColumnKind.Code => "one of: " + string.Join(", ", AllowedValues),
        ColumnKind.Timestamp => "ISO 8601 timestamp with offset or Z (stored in UTC), years 1990-2099",
        ColumnKind.Date => "date yyyy-mm-dd, years 1990-2099",
        ColumnKind.Integer => $"whole number {Min:0}..{Max:0}",
        ColumnKind.Decimal => $"decimal {Min:0.##}..{Max:0.##}, dot separator, at most 4 decimals",
        ColumnKind.Boolean => "true or false",
        ColumnKind.Currency => "ISO 4217 code, three uppercase letters",
        ColumnKind.Pseudonym => $"text, at most {MaxLength} characters; stored only as a keyed hash (BIGINT)",
        _ => Kind.ToString(),
    };

    public static ColumnContract Text(string name, bool required, string description, int maxLength = 64, bool lowCardinality = false) =>
        new(name, ColumnKind.Text, required, description) { MaxLength = maxLength, LowCardinality = lowCardinality };

    public static ColumnContract Code(string name, bool required, string description, params string[] allowed) =>
        new(name, ColumnKind.Code, required, description) { AllowedValues = allowed, LowCardinality = true };

    public static ColumnContract Timestamp(string name, bool required, string description) =>
        new(name, ColumnKind.Timestamp, required, description);

    public static ColumnContract Date(string name, bool required, string description) =>
        new(name, ColumnKind.Date, required, description);

    public static ColumnContract Integer(string name, bool required, string description, int min, int max) =>
        new(name, ColumnKind.Integer, required, description) { Min = min, Max = max };

    public static ColumnContract Decimal(string name, bool required, string description, decimal min, decimal max) =>
        new(name, ColumnKind.Decimal, required, description) { Min = min, Max = max };

    public static ColumnContract Boolean(string name, bool required, string description) =>
        new(name, ColumnKind.Boolean, required, description);

    public static ColumnContract Currency(string name, bool required, string description) =>
        new(name, ColumnKind.Currency, required, description) { MaxLength = 3, LowCardinality = true };

    public static ColumnContract Pseudonym(string name, bool required, string description) =>
        new(name, ColumnKind.Pseudonym, required, description);
}

namespace Scorecard.Pipeline.Ingest;

/// <summary>How a CSV field is parsed, validated and stored in Parquet.</summary>
public enum ColumnKind
{
    /// <summary>Free text up to <see cref="ColumnContract.MaxLength"/> characters. Parquet: string.</summary>
    Text,

    /// <summary>One of a closed set of lowercase codes (<see cref="ColumnContract.AllowedValues"/>). Parquet: string, dictionary encoded.</summary>
    Code,

    /// <summary>ISO 8601 timestamp with an offset or <c>Z</c>; stored in UTC. Parquet: TIMESTAMP(isAdjustedToUTC, micros).</summary>
    Timestamp,

    /// <summary>ISO 8601 calendar date <c>yyyy-mm-dd</c>. Parquet: DATE.</summary>
    Date,

    /// <summary>Whole number within [<see cref="ColumnContract.Min"/>, <see cref="ColumnContract.Max"/>]. Parquet: INT32.</summary>
    Integer,

    /// <summary>Decimal number with a dot, within the column's range, at most 4 decimals. Parquet: DECIMAL(18,4).</summary>
    Decimal,

    /// <summary><c>true</c> or <c>false</c> (any letter case). Parquet: BOOLEAN.</summary>
    Boolean,

    /// <summary>ISO 4217 currency code: three uppercase letters. Parquet: string, dictionary encoded.</summary>
    Currency,

    /// <summary>A customer identifier, replaced at ingest by a keyed hash (SipHash-2-4, 63 bits); the raw value never reaches the lake. Parquet: INT64.</summary>
    Pseudonym,
}

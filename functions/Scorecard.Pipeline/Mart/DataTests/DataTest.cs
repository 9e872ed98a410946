namespace Scorecard.Pipeline.Mart;

/// <summary>
/// One data test: a query returning the rows that break a rule (none when the rule holds), named so a failure
/// reads as what broke, e.g. <c>marts.fct_contact.contact_id unique</c>.
/// </summary>
internal sealed record DataTest(string Name, string Sql, string DefinedIn)
{
    /// <summary>What kind of rule a model's YAML declares; <see cref="DataTestKind.Singular"/> for <c>sql/tests/*.sql</c>.</summary>
    public DataTestKind Kind { get; init; } = DataTestKind.Singular;

    /// <summary>The model a YAML test checks (<c>schema.name</c>), or null for a singular test.</summary>
    public string? Relation { get; init; }

    /// <summary>The test's query over some rows of <see cref="Relation"/> (a relation name or a parenthesised select):
    /// an incremental build passes the rows it recomputed (<see cref="DataTestScope"/>).</summary>
    public Func<string, string>? Over { get; init; }

    /// <summary>Of a test of each row on its own (<see cref="DataTestKind.RowRule"/>), the condition an offending row meets;
    /// the tests of one model with one are counted in one scan (<see cref="DataTestRunner"/>).</summary>
    public string? Condition { get; init; }

    /// <summary>The rows a row rule reads: its relation, or the recomputed rows an incremental build passes.</summary>
    public string? Rows { get; init; }

    /// <summary>The columns that must be unique together (unique tests), or the tested column (relationships).</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary>A not_null test (of the column in <see cref="Columns"/>).</summary>
    public bool IsNotNull { get; init; }

    /// <summary>For a relationships test, the parent relation and field.</summary>
    public (string Relation, string Field)? Parent { get; init; }

    /// <summary>A singular test a build does not run because a built-in check covers it (a <c>-- in builds: replaced by ...</c>
    /// line in the file), e.g. row conservation by per-partition counts; it stays runnable on its own.</summary>
    public bool ReplacedInBuilds { get; init; }

    /// <summary>For a singular test naming the incremental scope (<c>{{incremental_rows:contact_date}}</c>), its query over
    /// whole tables, run when an incremental build tests everything; null when it names none.</summary>
    public string? WholeSql { get; init; }
}

/// <summary>The kinds of data test, as far as scoping them to an incremental build's rows needs to know.</summary>
internal enum DataTestKind
{
    /// <summary>A hand-written <c>sql/tests/*.sql</c> assertion: run as written.</summary>
    Singular,

    /// <summary>A test of each row on its own (not_null, accepted_values, expression_is_true).</summary>
    RowRule,

    /// <summary>Columns unique (together) across the table.</summary>
    Unique,

    /// <summary>A column's value is a key of a parent relation.</summary>
    Relationships,
}

using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Exports;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Exports;

/// <summary>
/// The exports and the Parquet files open in readers the product does not share code with (openpyxl, ExcelJS,
/// Python's csv module, hyparquet) and read the same there as in the product.
/// </summary>
public sealed class IndependentReaderTests(ExportMartFixture fixture) : IClassFixture<ExportMartFixture>
{
    private static readonly string[] SheetNames = ["Scorecard", "Financial", "Customer", "Internal process", "Learning and growth", "Definitions"];

    [Fact]
    public void Workbook_opens_in_openpyxl_and_exceljs_with_the_same_sheets_and_values()
    {
        IndependentReaders.Require("openpyxl", "exceljs");
        var (workbook, csv) = WriteExports(fixture.TeamMonth);

        JsonElement openpyxl = IndependentReaders.OpenpyxlRead(workbook, csv);
        JsonElement exceljs = IndependentReaders.ExcelJsRead(workbook, csv);

        Assert.Equal(SheetNames, Sheets(openpyxl).Select(s => s.Name));
        Assert.Equal(SheetNames, Sheets(exceljs).Select(s => s.Name));
        foreach (var ((name, fromOpenpyxl), (_, fromExcelJs)) in Sheets(openpyxl).Zip(Sheets(exceljs)))
        {
            Assert.True(fromOpenpyxl.Count > 1, $"sheet {name} has no data rows in openpyxl");
            AssertSameRows(fromOpenpyxl, fromExcelJs, $"sheet {name}, openpyxl vs exceljs");
        }

        AssertSameRows(ExpectedScorecardSheet(fixture.TeamMonth), Sheets(openpyxl)[0].Rows, "Scorecard sheet, export vs openpyxl");
    }

    [Fact]
    public void Workbook_carries_document_properties_both_readers_see()
    {
        IndependentReaders.Require("openpyxl", "exceljs");
        var (workbook, csv) = WriteExports(fixture.TeamMonth);

        JsonElement openpyxl = IndependentReaders.OpenpyxlRead(workbook, csv);
        JsonElement exceljs = IndependentReaders.ExcelJsRead(workbook, csv);

        foreach (JsonElement reader in new[] { openpyxl, exceljs })
        {
            JsonElement properties = reader.GetProperty("properties");
            Assert.Equal("Scorecard.Pipeline", properties.GetProperty("creator").GetString());
            Assert.Equal("Scorecard 2026-10 (team)", properties.GetProperty("title").GetString());
            Assert.StartsWith(fixture.TeamMonth.BuiltAt!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
                properties.GetProperty("created").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Csv_export_opens_in_python_csv_and_exceljs_with_the_export_values()
    {
        IndependentReaders.Require("openpyxl", "exceljs");
        var (workbook, csv) = WriteExports(fixture.TeamMonth);

        JsonElement python = IndependentReaders.OpenpyxlRead(workbook, csv);
        JsonElement exceljs = IndependentReaders.ExcelJsRead(workbook, csv);

        var expectedText = ExpectedScorecardSheet(fixture.TeamMonth)
            .Select(row => row.Select(v => v switch { null => "", bool b => b ? "true" : "false", double d => ScorecardExportColumns.Number(d), string s when s.StartsWith("date:", StringComparison.Ordinal) => s[5..], _ => (string)v }).ToList())
            .ToList();
        var fromPython = python.GetProperty("csv").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToList()).ToList();
        Assert.Equal(expectedText.Count, fromPython.Count);
        for (int i = 0; i < expectedText.Count; i++)
        {
            Assert.Equal(expectedText[i], fromPython[i]);
        }

        // ExcelJS types CSV cells itself (numbers, true/false, ISO dates), as a spreadsheet opening the file would.
        AssertSameRows(ExpectedScorecardSheet(fixture.TeamMonth), Rows(exceljs.GetProperty("csv")), "CSV, export vs exceljs");
    }

    [Fact]
    public void Workbook_parts_sit_where_excel_puts_them_with_relative_targets_and_unprefixed_elements()
    {
        using var zip = new ZipArchive(new MemoryStream(ScorecardXlsxWriter.Write(fixture.TeamMonth)));

        var names = zip.Entries.Select(e => e.FullName).ToList();

        Assert.Equal("[Content_Types].xml", names[0]);
        Assert.Subset(names.ToHashSet(), new HashSet<string>
        {
            "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
            "xl/worksheets/sheet1.xml", "xl/worksheets/sheet6.xml",
        });
        foreach (ZipArchiveEntry entry in zip.Entries.Where(e => e.FullName.EndsWith(".rels", StringComparison.Ordinal)))
        {
            XDocument rels = XDocument.Load(entry.Open());
            Assert.All(rels.Root!.Elements(), r => Assert.False(r.Attribute("Target")!.Value.StartsWith('/'), $"{entry.FullName}: {r}"));
        }

        XDocument sheet = XDocument.Load(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        Assert.Equal("", sheet.Root!.GetPrefixOfNamespace(sheet.Root.Name.Namespace) ?? "");
        var booleans = sheet.Descendants(sheet.Root.Name.Namespace + "c").Where(c => (string?)c.Attribute("t") == "b").ToList();
        Assert.NotEmpty(booleans);
        Assert.All(booleans, c => Assert.Contains(c.Value, new[] { "0", "1" }));
    }

    [Fact]
    public void Every_lake_and_mart_parquet_file_reads_in_hyparquet_with_the_row_count_duckdb_gives()
    {
        IndependentReaders.Require("hyparquet");
        string root = Path.GetDirectoryName(fixture.MartDirectory)!;
        string lake = Path.Combine(root, StoreContainers.Lake);

        IReadOnlyDictionary<string, long> hyparquet = IndependentReaders.HyparquetRowCounts(lake, fixture.MartDirectory);

        var files = Directory.EnumerateFiles(lake, "*.parquet", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(fixture.MartDirectory, "*.parquet", SearchOption.AllDirectories)).ToList();
        Assert.Contains(files, f => f.StartsWith(lake, StringComparison.Ordinal));
        Assert.Contains(files, f => f.Contains(Path.Combine("fct_scorecard", "period_start_week="), StringComparison.Ordinal));
        Assert.Equal(files.Order(StringComparer.Ordinal), hyparquet.Keys.Order(StringComparer.Ordinal));
        using var duckdb = new DuckDBConnection("Data Source=:memory:");
        duckdb.Open();
        foreach (string file in files)
        {
            using DuckDBCommand count = duckdb.CreateCommand();
            count.CommandText = $"select count(*) from read_parquet('{file.Replace("'", "''")}')";
            Assert.True(Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture) == hyparquet[file], $"{file}: DuckDB and hyparquet disagree on the row count");
        }

        Assert.True(hyparquet.Values.Sum() > 0);
    }

    // No DuckDB CLI binary is published on npm, Debian (bookworm) or NuGet, the registries this project installs from, so
    // the CLI's way of opening a file is reproduced instead: `duckdb <file>` opens the file itself as the default
    // database (no ATTACH, no USE), its catalog named after the file. A fresh DuckDB.NET connection with the file as its
    // Data Source does exactly that. The tables split into partitions are views of their Parquet files named relative
    // to the mart folder: the README's command sets file_search_path to it (running the CLI from that folder works too).
    [Fact]
    public void Mart_file_opened_as_the_duckdb_cli_opens_it_answers_schema_qualified_queries()
    {
        string database = Path.Combine(fixture.MartDirectory, MartBuilder.DatabaseFileName);

        using var cli = new DuckDBConnection($"Data Source={database};ACCESS_MODE=READ_ONLY");
        cli.Open();
        var unset = Assert.ThrowsAny<Exception>(() => Scalar<long>(cli, "SELECT count(*) FROM scorecard.fct_scorecard"));
        using (DuckDBCommand set = cli.CreateCommand())
        {
            set.CommandText = $"SET file_search_path = '{fixture.MartDirectory.Replace("'", "''")}'";
            set.ExecuteNonQuery();
        }

        long rows = Scalar<long>(cli, "SELECT count(*) FROM scorecard.fct_scorecard");
        long contacts = Scalar<long>(cli, "SELECT count(*) FROM marts.fct_contact");
        string catalog = Scalar<string>(cli, "SELECT current_database()");
        long clashes = Scalar<long>(cli, "SELECT count(*) FROM information_schema.schemata WHERE schema_name = current_database()");
        using var product = MartConnection.OpenReadOnly(fixture.MartDirectory);

        Assert.Contains("No files found that match the pattern \"fct_scorecard/", unset.Message, StringComparison.Ordinal);
        Assert.True(rows > 0);
        Assert.Equal(Scalar<long>(product, "SELECT count(*) FROM scorecard.fct_scorecard"), rows);
        Assert.Equal(Scalar<long>(product, "SELECT count(*) FROM marts.fct_contact"), contacts);
        Assert.Equal(MartConnection.CatalogName, catalog);
        Assert.Equal(0, clashes);
    }

    [Fact]
    public void Mart_file_under_its_old_name_is_what_made_the_cli_query_ambiguous()
    {
        string old = CopyOfTheMartAs(MartBuilder.LegacyDatabaseFileName);

        using var cli = new DuckDBConnection($"Data Source={old}");
        cli.Open();
        var error = Assert.ThrowsAny<Exception>(() => Scalar<long>(cli, "SELECT count(*) FROM scorecard.fct_scorecard"));

        Assert.Contains("Ambiguous reference to catalog or schema", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The built mart database copied into a fresh folder under <paramref name="fileName"/>, as a user would open it.</summary>
    private string CopyOfTheMartAs(string fileName)
    {
        string copy = Path.Combine(fixture.Scratch.Path, Guid.NewGuid().ToString("N"), fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(Path.Combine(fixture.MartDirectory, MartBuilder.DatabaseFileName), copy);
        return copy;
    }

    private static T Scalar<T>(DuckDBConnection connection, string sql)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }

    private (string Workbook, string Csv) WriteExports(ScorecardExport export)
    {
        string folder = Path.Combine(fixture.Scratch.Path, "readers-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string workbook = Path.Combine(folder, "scorecard.xlsx");
        string csv = Path.Combine(folder, "scorecard.csv");
        File.WriteAllBytes(workbook, ScorecardExporter.RenderBytes(export, ExportFormat.Xlsx));
        File.WriteAllBytes(csv, ScorecardExporter.RenderBytes(export, ExportFormat.Csv));
        return (workbook, csv);
    }

    /// <summary>The Scorecard sheet as a reader should see it: header, then each row's values typed as the readers print them.</summary>
    private static List<List<object?>> ExpectedScorecardSheet(ScorecardExport export) =>
        new[] { ScorecardExportColumns.All.Select(c => (object?)c.Name).ToList() }
            .Concat(export.Rows.Select(row => ScorecardExportColumns.All.Select(c => Typed(c.Value(row))).ToList()))
            .Select(Trim)
            .ToList();

    private static object? Typed(object? value) => value switch
    {
        null => null,
        "" => null,
        string s => ScorecardCsvWriter.Neutralise(s),
        double d => d,
        long l => (double)l,
        int i => (double)i,
        bool b => b,
        DateOnly date => "date:" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "no reader type for this value"),
    };

    private static List<(string Name, List<List<object?>> Rows)> Sheets(JsonElement reader) =>
        reader.GetProperty("sheets").EnumerateArray().Select(s => (s.GetProperty("name").GetString()!, Rows(s.GetProperty("rows")))).ToList();

    private static List<List<object?>> Rows(JsonElement rows) =>
        rows.EnumerateArray().Select(r => Trim(r.EnumerateArray().Select(Value).ToList())).ToList();

    private static object? Value(JsonElement cell) => cell.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => cell.GetDouble(),
        JsonValueKind.String when cell.GetString() == "" => null,
        JsonValueKind.String => cell.GetString(),
        _ => throw new ArgumentOutOfRangeException(nameof(cell), cell.ToString(), "unexpected cell"),
    };

    private static List<object?> Trim(List<object?> row)
    {
        while (row.Count > 0 && row[^1] is null)
        {
            row.RemoveAt(row.Count - 1);
        }

        return row;
    }

    private static void AssertSameRows(List<List<object?>> expected, List<List<object?>> actual, string what)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: {expected.Count} rows expected, {actual.Count} read");
        for (int r = 0; r < expected.Count; r++)
        {
            Assert.True(expected[r].Count == actual[r].Count,
                $"{what}, row {r + 1}: {expected[r].Count} cells expected, {actual[r].Count} read: [{string.Join(" | ", actual[r])}]");
            for (int c = 0; c < expected[r].Count; c++)
            {
                Assert.True(Equals(expected[r][c], actual[r][c]),
                    $"{what}, row {r + 1}, column {c + 1}: expected '{expected[r][c]}' ({expected[r][c]?.GetType().Name}), read '{actual[r][c]}' ({actual[r][c]?.GetType().Name})");
            }
        }
    }
}

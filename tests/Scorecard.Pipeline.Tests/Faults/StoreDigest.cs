using System.Globalization;
using DuckDB.NET.Data;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;
using Scorecard.Pipeline.Tests.Ingest;

namespace Scorecard.Pipeline.Tests.Faults;

/// <summary>
/// What a store holds, as comparable text: per lake dataset the row count and a digest of every row (without the
/// run-specific <c>extract_id</c>), the quarantine files' lines, and per mart table its rows (doubles rounded).
/// Two runs over the same landing data must give equal digests whatever faults one of them rode out.
/// </summary>
public static class StoreDigest
{
    public static async Task<SortedDictionary<string, string>> LakeAsync(IBlobStore store)
    {
        using var folder = new TempFolder();
        var digest = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await foreach (BlobEntry blob in store.ListAsync(StoreContainers.Lake))
        {
            await store.DownloadToFileAsync(StoreContainers.Lake, blob.Path, Path.Combine(folder.Path, blob.Path));
        }

        foreach (DatasetContract contract in ExtractContracts.All)
        {
            string dataset = Path.Combine(folder.Path, contract.Source, contract.Name);
            if (!Directory.Exists(dataset))
            {
                continue;
            }

            var partitions = Directory.GetDirectories(dataset).Select(d => $"{Path.GetFileName(d)}:{Directory.GetFiles(d, "*.parquet").Length}");
            object?[] row = LakeQuery.Rows(
                $"select count(*), md5(coalesce(string_agg(r, chr(10) order by r), '')) from " +
                $"(select t::varchar as r from (select * exclude (extract_id) from read_parquet('{dataset}/*/*.parquet')) t)")[0];
            digest[$"lake {contract.Id}"] = $"{row[0]} rows {row[1]}; files per partition {string.Join(' ', partitions.Order(StringComparer.Ordinal))}";
        }

        await foreach (BlobEntry blob in store.ListAsync(StoreContainers.Quarantine))
        {
            string text = await store.ReadAllTextAsync(StoreContainers.Quarantine, blob.Path);
            string partition = blob.Path[..blob.Path.LastIndexOf('/')];
            digest[$"quarantine {partition}"] = string.Join("\n", text.Split('\n').Order(StringComparer.Ordinal));
        }

        return digest;
    }

    /// <remarks>With <paramref name="splitTables"/> false, the tables split into partitions (views of their Parquet
    /// files) are left out: after a publish cut off between the Parquet and the database, the database is the previous
    /// one but those files may already be the new build's (the next build then rebuilds in full).</remarks>
    public static async Task<SortedDictionary<string, string>> MartAsync(IBlobStore store, bool splitTables = true)
    {
        await using MartFile mart = await MartFile.OpenAsync(store);
        using DuckDBConnection connection = MartConnection.OpenReadOnly(mart.Directory);
        var tables = LakeQuery.Rows(connection,
            "select table_schema || '.' || table_name from information_schema.tables " +
            // build_meta records when and from which files a build ran: build-time data, not the mart's content.
            $"where table_catalog = '{MartConnection.CatalogName}' and table_type in ('BASE TABLE'{(splitTables ? ", 'VIEW'" : "")}) and table_schema <> 'build_meta' order by 1")
            .Select(r => (string)r[0]!).ToList();
        var digest = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string table in tables)
        {
            string[] parts = table.Split('.');
            var columns = LakeQuery.Rows(connection,
                $"select column_name, data_type from information_schema.columns where table_catalog = '{MartConnection.CatalogName}' and table_schema = '{parts[0]}' and table_name = '{parts[1]}' " +
                "and column_name <> 'extract_id' order by ordinal_position")
                .Select(r => (string)r[1]! is "DOUBLE" or "FLOAT" ? $"round(\"{r[0]}\", 6)" : $"\"{r[0]}\"").ToList();
            object?[] row = LakeQuery.Rows(connection,
                $"select count(*), md5(coalesce(string_agg(r, chr(10) order by r), '')) from " +
                $"(select t::varchar as r from (select {string.Join(", ", columns)} from {table}) t)")[0];
            digest[table] = string.Create(CultureInfo.InvariantCulture, $"{row[0]} rows {row[1]}");
        }

        return digest;
    }
}

using DuckDB.NET.Data;
using Scorecard.Pipeline.Mart;

namespace Scorecard.Pipeline.Tests.Mart;

public sealed class ConnectionTwinsTests
{
    /// <summary>A build-like connection: an attached catalog in use, working tables in memory on the search path, a
    /// time zone and a variable of this session.</summary>
    private static DuckDBConnection BuildConnection()
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        connection.Execute($"""
            attach ':memory:' as {MartConnection.CatalogName}; use {MartConnection.CatalogName};
            create schema memory.staging; create table memory.staging.rows as select range as n from range(100);
            set search_path = '{MartConnection.CatalogName}.main,memory.staging';
            set TimeZone = 'America/New_York';
            set variable fcr_window_days = 5;
            set variable contacts_previous_data_end = cast(null as timestamptz)
            """);
        return connection;
    }

    [Fact]
    public void Twins_see_the_builds_catalog_working_tables_search_path_time_zone_and_variables()
    {
        using DuckDBConnection connection = BuildConnection();
        connection.Execute("create table kept (k integer); insert into kept values (7)");
        using var twins = ConnectionTwins.Open(connection, twin => twin.Execute("create or replace macro doubled(x) as x * 2"), width: 3);

        var seen = twins.Map(Enumerable.Range(0, 12).ToList(), (twin, i) =>
            twin.Scalar<string>("select concat_ws('|', current_database(), (select count(*) from rows), (select max(k) from kept), current_setting('TimeZone'), getvariable('fcr_window_days'), getvariable('contacts_previous_data_end') is null, doubled(21))"));

        Assert.Equal(3, twins.Width);
        Assert.All(seen, s => Assert.Equal($"{MartConnection.CatalogName}|100|7|America/New_York|5|true|42", s));
    }

    [Fact]
    public void Work_runs_on_every_twin_and_results_come_back_in_the_items_order()
    {
        using DuckDBConnection connection = BuildConnection();
        using var twins = ConnectionTwins.Open(connection, _ => { }, width: 2);
        var connections = new System.Collections.Concurrent.ConcurrentDictionary<DuckDBConnection, int>();

        var results = twins.Map(Enumerable.Range(0, 40).ToList(), (twin, i) =>
        {
            connections.TryAdd(twin, 0);
            Thread.Sleep(2);
            return twin.Scalar<long>($"select {i} * 10");
        });

        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i * 10), results);
        Assert.Equal(2, connections.Count);
    }

    [Fact]
    public void The_first_failing_item_is_rethrown_after_the_running_ones_finish_and_no_item_starts_after_it()
    {
        using DuckDBConnection connection = BuildConnection();
        using var twins = ConnectionTwins.Open(connection, _ => { }, width: 2);
        int started = 0;

        var error = Assert.Throws<DuckDBException>(() => twins.Map(Enumerable.Range(0, 1000).ToList(), (twin, i) =>
        {
            Interlocked.Increment(ref started);
            return twin.Scalar<long>(i == 3 ? "select * from no_such_table" : $"select {i}");
        }));

        Assert.Contains("no_such_table", error.Message, StringComparison.Ordinal);
        Assert.True(started < 1000, $"{started} items started after the failure");
    }
}

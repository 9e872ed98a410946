using Scorecard.Pipeline.Mapping;

namespace Scorecard.Pipeline.Tests.Mapping;

public sealed class SourceMappingReaderTests
{
    private const string Valid = """
        name: test-map
        source_system: Test ACD
        description: A test.
        format: csv
        time_zone: Europe/Zurich
        outputs:
          - dataset: crm/surveys
            columns:
              survey_id: Id
              contact_id: Id
              responded_at: { date: Day, time: Clock, date_format: yyyy-MM-dd, time_format: "HH:mm" }
              csat: Score
        """;

    [Fact]
    public void A_valid_mapping_reads_with_its_datasets_and_source_columns()
    {
        SourceMapping mapping = SourceMappingReader.Read("test.yml", Valid);

        Assert.Equal("test-map", mapping.Name);
        Assert.Equal(["crm/surveys"], mapping.Datasets);
        Assert.Equal(["Id", "Day", "Clock", "Score"], mapping.SourceColumns);
    }

    [Theory]
    [InlineData("time_zone: Europe/Zurich", "time_zone: Mars/Olympus", "line 5: key 'time_zone': expected an IANA time zone id such as Europe/Zurich or Asia/Jerusalem, found 'Mars/Olympus'")]
    [InlineData("dataset: crm/surveys", "dataset: crm/survey", "line 7: key 'outputs[0].dataset': expected one of telephony/contacts, crm/cases, crm/surveys")]
    [InlineData("csat: Score", "csat: { duration: Score, format: hours }", "key 'outputs[0].columns.csat.format': expected one of seconds, milliseconds, minutes, hh:mm:ss, h.mm.ss, day_fraction; found 'hours'")]
    [InlineData("csat: Score", "score: Score", "key 'outputs[0].columns.score': expected a column of crm/surveys (survey_id, contact_id, responded_at, csat, nps); 'score' is not one")]
    [InlineData("      survey_id: Id\n", "", "key 'outputs[0].columns': expected a value for every required column of crm/surveys; missing: survey_id")]
    [InlineData("csat: Score", "csat: { colum: Score }", "key 'outputs[0].columns.csat': expected exactly one of column, constant, duration, timestamp, date, plus_seconds, first_of, concat, field; found none")]
    [InlineData("csat: Score", "csat: { column: Score, valus: { A: 1 } }", "key 'outputs[0].columns.csat.valus': unknown key 'valus'; expected one of: column, values, when, default")]
    [InlineData("csat: Score", "csat: { field: score }", "key 'outputs[0].columns.csat.field': expected the name of a field defined earlier under 'fields' (); found 'score'")]
    [InlineData("format: csv", "format: xml", "key 'format': expected one of csv, tsv, json; found 'xml'")]
    [InlineData("name: test-map", "name: Test Map", "key 'name': expected a name of lower-case letters, digits and '-' (it names a landing folder), found 'Test Map'")]
    [InlineData("csat: Score", "csat: { column: Score, when: { column: X } }", "key 'outputs[0].columns.csat.when': expected exactly one of 'equals', 'not_equals' or 'empty' beside 'column'")]
    public void A_mistake_names_the_file_the_key_and_what_was_expected(string replace, string with, string expected)
    {
        string yaml = Valid.Replace(replace, with, StringComparison.Ordinal);

        var error = Assert.Throws<MappingDefinitionException>(() => SourceMappingReader.Read("mappings/test.yml", yaml));

        Assert.StartsWith("mappings/test.yml line ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_file_that_is_not_YAML_names_the_line()
    {
        var error = Assert.Throws<MappingDefinitionException>(() => SourceMappingReader.Read("bad.yml", "name: [unclosed\noutputs: x\n"));

        Assert.StartsWith("bad.yml line ", error.Message);
        Assert.Contains("key '(document)': expected valid YAML", error.Message);
    }

    [Fact]
    public void Naive_timestamps_without_a_time_zone_are_refused_when_the_mapping_is_read()
    {
        string yaml = Valid.Replace("time_zone: Europe/Zurich\n", "", StringComparison.Ordinal);

        var error = Assert.Throws<MappingDefinitionException>(() => SourceMappingReader.Read("m.yml", yaml));

        Assert.Contains("key 'outputs[0].columns.responded_at.time_zone': expected a time_zone (here or at the top of the file) for timestamps without an offset", error.Message);
    }

    [Fact]
    public void Every_built_in_mapping_reads_and_feeds_known_datasets()
    {
        Assert.Equal(["amazon-connect-agent-events", "amazon-connect-ctr", "pwc-call-centre", "technion-bank"], BuiltinMappings.All.Select(m => m.Name));
        Assert.All(BuiltinMappings.All, m => Assert.NotEmpty(m.Description));
    }
}

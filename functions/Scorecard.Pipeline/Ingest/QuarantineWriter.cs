using System.Text;

namespace Scorecard.Pipeline.Ingest;

/// <summary>
/// Writes rejected rows as CSV: <c>source_file,source_row_number,column,reason</c> followed by the row's own fields
/// under the extract's own header, so a person can fix and re-deliver them. Customer ids are pseudonymised here too.
/// </summary>
internal sealed class QuarantineWriter(TextWriter writer, string sourceFile, IReadOnlyList<string> sourceHeader, IReadOnlySet<int> pseudonymFields, Pseudonymizer pseudonymizer)
{
    private bool _headerWritten;

    public long Rows { get; private set; }

    public void Write(long sourceRowNumber, string column, string reason, FieldReader field, int fieldCount)
    {
        if (!_headerWritten)
        {
            writer.Write("source_file,source_row_number,column,reason");
            foreach (string name in sourceHeader)
            {
                writer.Write(',');
                WriteField(name);
            }

            writer.Write('\n');
            _headerWritten = true;
        }

        WriteField(sourceFile);
        writer.Write(',');
        writer.Write(sourceRowNumber);
        writer.Write(',');
        WriteField(column);
        writer.Write(',');
        WriteField(reason);
        for (int i = 0; i < fieldCount; i++)
        {
            writer.Write(',');
            ReadOnlySpan<char> value = field(i);
            if (pseudonymFields.Contains(i) && !value.Trim(' ').IsEmpty)
            {
                writer.Write(pseudonymizer.Pseudonymize(value.Trim(' ')));
            }
            else
            {
                WriteField(value);
            }
        }

        writer.Write('\n');
        Rows++;
    }

    private void WriteField(ReadOnlySpan<char> value)
    {
        if (value.IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(value);
            return;
        }

        var quoted = new StringBuilder(value.Length + 8).Append('"');
        foreach (char c in value)
        {
            quoted.Append(c == '"' ? "\"\"" : c);
        }

        writer.Write(quoted.Append('"'));
    }
}

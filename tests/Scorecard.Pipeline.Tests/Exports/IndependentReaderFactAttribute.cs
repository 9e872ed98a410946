namespace Scorecard.Pipeline.Tests.Exports;

/// <summary>A fact that needs independent readers (openpyxl, exceljs, hyparquet): skipped with the reason when one is missing.</summary>
public sealed class IndependentReaderFactAttribute : FactAttribute
{
    public IndependentReaderFactAttribute(params string[] readers)
    {
        if (readers.Select(IndependentReaders.WhyNot).FirstOrDefault(r => r is not null) is { } reason)
        {
            Skip = reason;
        }
    }
}

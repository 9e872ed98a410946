using System.Net;

namespace Scorecard.Pipeline.Exports;

/// <summary>HTML encoding for every piece of text that comes from data (labels, member ids, definitions).</summary>
internal static class Html
{
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}

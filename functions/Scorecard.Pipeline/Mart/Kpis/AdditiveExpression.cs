using System.Text;
using System.Text.RegularExpressions;

namespace Scorecard.Pipeline.Mart;

/// <summary>
/// A KPI expression that is a sum or difference of additive aggregates: <c>sum(...)</c> and <c>count(...)</c> (not
/// <c>distinct</c>), each with an optional <c>filter (where ...)</c>, not reading the period columns. Its value over a
/// week or month is the same expression over the aggregates of its days summed, so KPIs made of such expressions are
/// computed from the base rows once, by day, and rolled up, instead of once per period grain.
/// <see cref="Terms"/> are the aggregates; <see cref="Compose"/> rebuilds the expression from an SQL text per term.
/// </summary>
internal sealed partial record AdditiveExpression(string Template, IReadOnlyList<string> Terms)
{
    private const char Marker = '\u0001';

    /// <summary>The expression split into its aggregates, or null when it is not additive.</summary>
    public static AdditiveExpression? TryParse(string expression)
    {
        var template = new StringBuilder();
        var terms = new List<string>();
        int i = 0;
        while (i < expression.Length)
        {
            char c = expression[i];
            if (char.IsWhiteSpace(c) || c is '+' or '-' or '(' or ')')
            {
                template.Append(c);
                i++;
                continue;
            }

            Match call = AggregateCall().Match(expression, i);
            if (!call.Success || call.Index != i)
            {
                return null;
            }

            int end = ClosingParenthesis(expression, i + call.Length - 1);
            if (end < 0)
            {
                return null;
            }

            Match filter = FilterClause().Match(expression, end + 1);
            if (filter.Success && filter.Index == end + 1)
            {
                end = ClosingParenthesis(expression, end + filter.Length);
                if (end < 0)
                {
                    return null;
                }
            }

            string term = expression[i..(end + 1)];
            if (NotAdditive().IsMatch(term))
            {
                return null;
            }

            template.Append(Marker).Append(terms.Count).Append(Marker);
            terms.Add(term);
            i = end + 1;
        }

        return terms.Count == 0 ? null : new AdditiveExpression(template.ToString(), terms);
    }

    /// <summary>The expression with term <c>k</c> replaced by <paramref name="term"/>(k).</summary>
    public string Compose(Func<int, string> term) =>
        TermMarker().Replace(Template, m => term(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The index of the parenthesis closing the one at <paramref name="open"/>, skipping quoted text; -1 if none.</summary>
    private static int ClosingParenthesis(string text, int open)
    {
        int depth = 0;
        for (int i = open; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\'':
                    i = text.IndexOf('\'', i + 1);
                    if (i < 0)
                    {
                        return -1;
                    }

                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    if (--depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return -1;
    }

    [GeneratedRegex(@"(?i)\G(sum|count)\s*\(")]
    private static partial Regex AggregateCall();

    [GeneratedRegex(@"(?i)\G\s*filter\s*\(")]
    private static partial Regex FilterClause();

    [GeneratedRegex(@"(?i)\b(distinct|period_start|period_end|period_grain|over)\b")]
    private static partial Regex NotAdditive();

    [GeneratedRegex("\u0001(\\d+)\u0001")]
    private static partial Regex TermMarker();
}

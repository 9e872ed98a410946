namespace Scorecard.SampleData;

/// <summary>
/// Independent random streams, one per concern and day, so a change in how one dataset is drawn does not
/// reshuffle the others.
/// </summary>
internal static class StreamIds
{
    public const long Roster = 1;
    public const long Shifts = 2;
    public const long Training = 3;
    public const long EmployeeSurveys = 4;
    public const long Arrivals = 5;
    public const long Contacts = 6;
    public const long Crm = 7;
    public const long Bulk = 8;
    public const long AgentStates = 9;
}

namespace Scorecard.SampleData;

/// <summary>A customer who will contact the centre again on a later day about the same thing (the issue was not resolved, or they gave up waiting).</summary>
internal readonly record struct PendingContact(int Customer, int Queue, int Reason);

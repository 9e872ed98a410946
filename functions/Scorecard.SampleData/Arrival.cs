namespace Scorecard.SampleData;

/// <summary>A contact to generate: when it arrives (seconds after midnight UTC), where, and from whom (-1: unknown customer, unknown reason).</summary>
internal readonly record struct Arrival(int Second, int Order, int Queue, bool Outbound, int Customer, int Reason) : IComparable<Arrival>
{
    public int CompareTo(Arrival other)
    {
        int bySecond = Second.CompareTo(other.Second);
        return bySecond != 0 ? bySecond : Order.CompareTo(other.Order);
    }
}

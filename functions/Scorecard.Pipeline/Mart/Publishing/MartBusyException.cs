namespace Scorecard.Pipeline.Mart;

/// <summary>Another build holds the mart's lock; nothing was changed.</summary>
public sealed class MartBusyException(string message, Exception inner) : Exception(message, inner);

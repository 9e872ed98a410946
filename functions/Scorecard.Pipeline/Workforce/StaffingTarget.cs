namespace Scorecard.Pipeline.Workforce;

/// <summary>
/// What a staffing must achieve: at least <paramref name="ServiceLevel"/> (a fraction, 0.8 for 80%) of contacts
/// answered within the threshold and, when given, an average speed of answer of at most
/// <paramref name="AverageSpeedOfAnswerSeconds"/> and an occupancy of at most <paramref name="MaximumOccupancy"/>.
/// </summary>
public sealed record StaffingTarget(double ServiceLevel, double? AverageSpeedOfAnswerSeconds = null, double? MaximumOccupancy = null)
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the first impossible target.</summary>
    public void Validate()
    {
        if (!(ServiceLevel >= 0 && ServiceLevel < 1))
        {
            throw new ArgumentException($"The service-level target must be a fraction from 0 to below 1 (0.8 for 80%), not {ServiceLevel}.");
        }

        if (AverageSpeedOfAnswerSeconds is { } asa && !(asa > 0))
        {
            throw new ArgumentException($"The ASA target must be more than 0 seconds, not {asa}.");
        }

        if (MaximumOccupancy is { } occupancy && !(occupancy > 0 && occupancy <= 1))
        {
            throw new ArgumentException($"The maximum occupancy must be a fraction above 0 and at most 1, not {occupancy}.");
        }
    }

    /// <summary>Whether <paramref name="figures"/> meet every part of this target.</summary>
    public bool IsMetBy(StaffingFigures figures) =>
        figures.ServiceLevel >= ServiceLevel
        && (AverageSpeedOfAnswerSeconds is not { } asa || figures.AverageSpeedOfAnswerSeconds <= asa)
        && (MaximumOccupancy is not { } occupancy || figures.Occupancy <= occupancy);
}

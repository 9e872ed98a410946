namespace Scorecard.Pipeline.Tests.Faults;

/// <summary>
/// A fact that starts its own <see cref="AzuriteProcess"/>: skipped with a reason when Azurite is not installed in
/// <c>.tools/azurite</c> (run <c>./test.sh</c> once), unless <c>CI=true</c>, where it runs and fails.
/// </summary>
public sealed class OwnAzuriteFactAttribute : FactAttribute
{
    public OwnAzuriteFactAttribute()
    {
        if (AzuriteProcess.Binary is null && !AzuriteEnvironment.IsCi)
        {
            Skip = "Azurite is not installed in .tools/azurite: run ./test.sh once, which installs it. (With CI=true this test fails instead.)";
        }
    }
}

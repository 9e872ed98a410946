namespace Scorecard.Pipeline.Tests.Exports;

/// <summary>A fact that opens pages in headless Chromium: skipped with a reason when no <c>chromium</c> is on PATH (./test.sh installs it).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Executable is null)
        {
            Skip = "chromium is not installed (./test.sh installs the Debian package when it runs as root).";
        }
    }
}

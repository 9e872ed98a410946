namespace Scorecard.Pipeline.Exports;

/// <summary>A rectangle on the strategy map (SVG user units, y down): a node, or the box an edge label takes.</summary>
internal readonly record struct MapBox(double Left, double Top, double Width, double Height)
{
    /// <summary>Width of a character of an edge label (10.5px sans-serif) with a margin: wider than any digit or letter's average.</summary>
    public const double LabelCharacterWidth = 6.2;

    public double Right => Left + Width;

    public double Bottom => Top + Height;

    /// <summary>The box of a label drawn centred on <paramref name="x"/> with its baseline at <paramref name="baseline"/>.</summary>
    public static MapBox Label(string text, double x, double baseline)
    {
        double width = text.Length * LabelCharacterWidth + 6;
        return new MapBox(x - width / 2, baseline - 11, width, 15);
    }

    public bool Intersects(MapBox other) =>
        Left < other.Right && other.Left < Right && Top < other.Bottom && other.Top < Bottom;

    public bool Inside(double width, double height) => Left >= 0 && Top >= 0 && Right <= width && Bottom <= height;
}

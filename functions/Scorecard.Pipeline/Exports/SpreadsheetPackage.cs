using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Scorecard.Pipeline.Exports;

/// <summary>
/// Packs worksheets (rows of Open XML <see cref="Row"/>/<see cref="Cell"/> elements) into an .xlsx file laid out the
/// way Excel writes one, so independent readers (openpyxl, ExcelJS, Power Query) open it and not only the Open XML SDK:
/// parts at Excel's names (<c>xl/workbook.xml</c>, <c>xl/worksheets/sheet1.xml</c>, <c>xl/styles.xml</c>), relationship
/// targets relative to their source part, elements in the default namespace, document properties
/// (<c>docProps/core.xml</c>, <c>docProps/app.xml</c>), booleans as 1/0 and numbers without a type attribute. Entries get
/// a fixed time stamp, so the same workbook gives the same bytes.
/// </summary>
internal sealed class SpreadsheetPackage(string title, DateTimeOffset created, string stylesXml)
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string OfficeRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";
    private static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly List<(string Name, string Xml)> _sheets = [];

    public void AddSheet(string name, IEnumerable<Row> rows, int frozenRows)
    {
        if (_sheets.Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"The workbook already has a sheet named '{name}'.", nameof(name));
        }

        _sheets.Add((name, WorksheetXml(rows, frozenRows)));
    }

    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "[Content_Types].xml", ContentTypes());
            Add(zip, "_rels/.rels", Relationships(
                ("rId1", OfficeRelationships + "/officeDocument", "xl/workbook.xml"),
                ("rId2", PackageRelationships + "/metadata/core-properties", "docProps/core.xml"),
                ("rId3", OfficeRelationships + "/extended-properties", "docProps/app.xml")));
            Add(zip, "docProps/app.xml", AppProperties());
            Add(zip, "docProps/core.xml", CoreProperties());
            Add(zip, "xl/workbook.xml", WorkbookXml());
            Add(zip, "xl/_rels/workbook.xml.rels", Relationships(
                _sheets.Select((_, i) => ($"rId{i + 1}", OfficeRelationships + "/worksheet", $"worksheets/sheet{i + 1}.xml"))
                    .Append(($"rId{_sheets.Count + 1}", OfficeRelationships + "/styles", "styles.xml"))
                    .ToArray()));
            Add(zip, "xl/styles.xml", stylesXml);
            for (int i = 0; i < _sheets.Count; i++)
            {
                Add(zip, $"xl/worksheets/sheet{i + 1}.xml", _sheets[i].Xml);
            }
        }

        return buffer.ToArray();
    }

    private static void Add(ZipArchive zip, string name, string xml)
    {
        ZipArchiveEntry entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        using Stream stream = entry.Open();
        byte[] bytes = new UTF8Encoding(false).GetBytes(xml);
        stream.Write(bytes);
    }

    private string ContentTypes() => Xml(w =>
    {
        w.WriteStartElement("Types", "http://schemas.openxmlformats.org/package/2006/content-types");
        Default(w, "rels", "application/vnd.openxmlformats-package.relationships+xml");
        Default(w, "xml", "application/xml");
        Override(w, "/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
        for (int i = 0; i < _sheets.Count; i++)
        {
            Override(w, $"/xl/worksheets/sheet{i + 1}.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml");
        }

        Override(w, "/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml");
        Override(w, "/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml");
        Override(w, "/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml");
        w.WriteEndElement();

        static void Default(XmlWriter w, string extension, string type)
        {
            w.WriteStartElement("Default");
            w.WriteAttributeString("Extension", extension);
            w.WriteAttributeString("ContentType", type);
            w.WriteEndElement();
        }

        static void Override(XmlWriter w, string part, string type)
        {
            w.WriteStartElement("Override");
            w.WriteAttributeString("PartName", part);
            w.WriteAttributeString("ContentType", type);
            w.WriteEndElement();
        }
    });

    private static string Relationships(params (string Id, string Type, string Target)[] relationships) => Xml(w =>
    {
        w.WriteStartElement("Relationships", PackageRelationships);
        foreach (var (id, type, target) in relationships)
        {
            w.WriteStartElement("Relationship");
            w.WriteAttributeString("Id", id);
            w.WriteAttributeString("Type", type);
            w.WriteAttributeString("Target", target);
            w.WriteEndElement();
        }

        w.WriteEndElement();
    });

    private string AppProperties() => Xml(w =>
    {
        const string vt = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes";
        w.WriteStartElement("Properties", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
        w.WriteAttributeString("xmlns", "vt", null, vt);
        w.WriteElementString("Application", "Scorecard.Pipeline");
        w.WriteElementString("DocSecurity", "0");
        w.WriteElementString("ScaleCrop", "false");
        w.WriteStartElement("HeadingPairs");
        w.WriteStartElement("vector", vt);
        w.WriteAttributeString("size", "2");
        w.WriteAttributeString("baseType", "variant");
        w.WriteStartElement("variant", vt);
        w.WriteElementString("lpstr", vt, "Worksheets");
        w.WriteEndElement();
        w.WriteStartElement("variant", vt);
        w.WriteElementString("i4", vt, _sheets.Count.ToString(CultureInfo.InvariantCulture));
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteStartElement("TitlesOfParts");
        w.WriteStartElement("vector", vt);
        w.WriteAttributeString("size", _sheets.Count.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("baseType", "lpstr");
        foreach (var (name, _) in _sheets)
        {
            w.WriteElementString("lpstr", vt, name);
        }

        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteElementString("LinksUpToDate", "false");
        w.WriteElementString("SharedDoc", "false");
        w.WriteElementString("HyperlinksChanged", "false");
        w.WriteElementString("AppVersion", "16.0300");
        w.WriteEndElement();
    });

    private string CoreProperties() => Xml(w =>
    {
        const string dc = "http://purl.org/dc/elements/1.1/";
        const string terms = "http://purl.org/dc/terms/";
        const string xsi = "http://www.w3.org/2001/XMLSchema-instance";
        string when = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        w.WriteStartElement("cp", "coreProperties", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
        w.WriteAttributeString("xmlns", "dc", null, dc);
        w.WriteAttributeString("xmlns", "dcterms", null, terms);
        w.WriteAttributeString("xmlns", "xsi", null, xsi);
        w.WriteElementString("dc", "title", dc, title);
        w.WriteElementString("dc", "creator", dc, "Scorecard.Pipeline");
        foreach (string name in new[] { "created", "modified" })
        {
            w.WriteStartElement("dcterms", name, terms);
            w.WriteAttributeString("xsi", "type", xsi, "dcterms:W3CDTF");
            w.WriteString(when);
            w.WriteEndElement();
        }

        w.WriteEndElement();
    });

    private string WorkbookXml() => Xml(w =>
    {
        w.WriteStartElement("workbook", Main);
        w.WriteAttributeString("xmlns", "r", null, OfficeRelationships);
        w.WriteStartElement("bookViews");
        w.WriteStartElement("workbookView");
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteStartElement("sheets");
        for (int i = 0; i < _sheets.Count; i++)
        {
            w.WriteStartElement("sheet");
            w.WriteAttributeString("name", _sheets[i].Name);
            w.WriteAttributeString("sheetId", (i + 1).ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("id", OfficeRelationships, $"rId{i + 1}");
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
    });

    private static string WorksheetXml(IEnumerable<Row> rows, int frozenRows)
    {
        var materialised = rows.ToList();
        int width = materialised.Select(r => r.Elements<Cell>().Count()).DefaultIfEmpty(0).Max();
        return Xml(w =>
        {
            w.WriteStartElement("worksheet", Main);
            w.WriteAttributeString("xmlns", "r", null, OfficeRelationships);
            w.WriteStartElement("dimension");
            w.WriteAttributeString("ref", materialised.Count == 0 || width == 0 ? "A1" : $"A1:{ColumnName(width - 1)}{materialised.Count}");
            w.WriteEndElement();
            w.WriteStartElement("sheetViews");
            w.WriteStartElement("sheetView");
            w.WriteAttributeString("workbookViewId", "0");
            if (frozenRows > 0)
            {
                w.WriteStartElement("pane");
                w.WriteAttributeString("ySplit", frozenRows.ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("topLeftCell", "A" + (frozenRows + 1).ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("activePane", "bottomLeft");
                w.WriteAttributeString("state", "frozen");
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteStartElement("sheetFormatPr");
            w.WriteAttributeString("defaultRowHeight", "15");
            w.WriteEndElement();
            w.WriteStartElement("sheetData");
            for (int r = 0; r < materialised.Count; r++)
            {
                string rowNumber = (r + 1).ToString(CultureInfo.InvariantCulture);
                w.WriteStartElement("row");
                w.WriteAttributeString("r", rowNumber);
                int column = 0;
                foreach (Cell cell in materialised[r].Elements<Cell>())
                {
                    WriteCell(w, cell, ColumnName(column++) + rowNumber);
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
        });
    }

    /// <summary>One cell as Excel writes it: numbers untyped, booleans 1/0, text inline; an empty cell keeps only its style.</summary>
    private static void WriteCell(XmlWriter w, Cell cell, string reference)
    {
        string? value = cell.CellValue?.Text;
        string? text = cell.InlineString?.InnerText;
        CellValues? type = cell.DataType?.Value;
        uint style = cell.StyleIndex?.Value ?? 0;
        w.WriteStartElement("c");
        w.WriteAttributeString("r", reference);
        if (style != 0)
        {
            w.WriteAttributeString("s", style.ToString(CultureInfo.InvariantCulture));
        }

        if (type == CellValues.InlineString && string.IsNullOrEmpty(text))
        {
            // Empty text is a blank cell (keeping its fill), as Excel saves it: readers then agree it holds nothing.
        }
        else if (type == CellValues.InlineString || (type == CellValues.String && text is not null))
        {
            w.WriteAttributeString("t", "inlineStr");
            w.WriteStartElement("is");
            w.WriteStartElement("t");
            w.WriteAttributeString("xml", "space", null, "preserve");
            w.WriteString(text ?? value ?? "");
            w.WriteEndElement();
            w.WriteEndElement();
        }
        else if (type == CellValues.Boolean && value is not null)
        {
            w.WriteAttributeString("t", "b");
            w.WriteElementString("v", value is "1" or "true" or "True" ? "1" : "0");
        }
        else if (type == CellValues.String && value is not null)
        {
            w.WriteAttributeString("t", "str");
            w.WriteElementString("v", value);
        }
        else if (value is not null)
        {
            w.WriteElementString("v", value);
        }

        w.WriteEndElement();
    }

    private static string Xml(Action<XmlWriter> write)
    {
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { Encoding = Encoding.UTF8, Indent = false }))
        {
            writer.WriteStartDocument(standalone: true);
            write(writer);
            writer.WriteEndDocument();
        }

        // StringBuilder output declares utf-16; the bytes are UTF-8.
        return text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"UTF-8\"", StringComparison.Ordinal);
    }

    public static string ColumnName(int index)
    {
        string name = "";
        for (int n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + (n - 1) % 26) + name;
        }

        return name;
    }
}

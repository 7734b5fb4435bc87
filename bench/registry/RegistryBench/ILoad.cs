/// <summary>One kind of item the benchmark moves (a blob, an image): item i pushed, then item i pulled back.</summary>
interface ILoad
{
    /// <summary>The case column of the output line, e.g. "100MB" or "200MB-image".</summary>
    string CaseName { get; }

    long BytesPerItem { get; }

    Task PushAsync(int i);

    Task PullAsync(int i);
}

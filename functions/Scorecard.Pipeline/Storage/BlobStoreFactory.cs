namespace Scorecard.Pipeline.Storage;

/// <summary>Opens the store a setting names: a folder, a connection string or an account URL.</summary>
public static class BlobStoreFactory
{
    public const string EnvironmentVariable = "SCORECARD_STORE";
    public const string DefaultFolder = "./scorecard-data";

    public static IBlobStore FromEnvironmentOr(string? explicitSetting) =>
        Create(explicitSetting ?? Environment.GetEnvironmentVariable(EnvironmentVariable));

    public static IBlobStore Create(string? setting) =>
        string.IsNullOrWhiteSpace(setting) ? new LocalFolderStore(DefaultFolder) : new LocalFolderStore(setting);
}

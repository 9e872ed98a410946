// Flex Consumption plan (FC1) and the function app: the .NET isolated worker (dotnet-isolated 10.0)
// deployed from a blob container, running as the user-assigned identity, with identity-based
// connections only. No keys, SAS or account connection strings appear in any setting.

@description('Name of the Flex Consumption plan.')
param planName string

@description('Name of the function app (also its host name: <name>.azurewebsites.net).')
param name string

@description('Azure region of the plan and the app.')
param location string

@description('Tags applied to the plan and the app.')
param tags object

@description('azd service name this app is the deploy target of (azure.yaml services key).')
param serviceName string

@description('Resource id of the user-assigned managed identity the app runs as.')
param identityId string

@description('Name of the Key Vault holding the pseudonymisation key.')
param keyVaultName string

@description('Name of the secret in that vault holding the pseudonymisation key.')
param pseudonymKeySecretName string

@description('Client id of that identity: the clientId of every identity-based connection.')
param identityClientId string

@description('Blob endpoint of the storage account, e.g. https://<account>.blob.core.windows.net/.')
param blobEndpoint string

@description('Queue endpoint of the storage account, e.g. https://<account>.queue.core.windows.net/.')
param queueEndpoint string

@description('Blob container (in the same account) that Flex Consumption deploys the package from.')
param deploymentContainerName string

@description('Application Insights connection string (endpoints and the component id; not a credential).')
param applicationInsightsConnectionString string

@description('Memory per instance in MB; DuckDB builds the mart in memory, so 2048 is the floor we advise.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper bound on instances the platform may scale out to (Flex allows 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references (Ingest__PseudonymKey) resolve with the user-assigned identity, not a system one.
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      // The app is built for net10.0 and published framework-dependent for linux-x64: the platform brings .NET 10.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      // On Flex the worker runtime comes from functionAppConfig.runtime alone:
      // FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION are not accepted as settings.
      appSettings: [
        // The Functions host's own storage (keys, timer locks, queue trigger bookkeeping).
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'AzureWebJobsStorage__blobServiceUri', value: blobEndpoint }
        { name: 'AzureWebJobsStorage__queueServiceUri', value: queueEndpoint }
        // The pipeline's store: the connection every binding names (functions.metadata): the host's blob
        // trigger and queue bindings, the worker's BlobClient, and the store the functions open.
        { name: 'ScorecardStorage__credential', value: 'managedidentity' }
        { name: 'ScorecardStorage__clientId', value: identityClientId }
        { name: 'ScorecardStorage__blobServiceUri', value: blobEndpoint }
        { name: 'ScorecardStorage__queueServiceUri', value: queueEndpoint }
        // DefaultAzureCredential in the worker picks the user-assigned identity by this id.
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        // Telemetry with Entra ID authentication (the component has local auth disabled).
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        // The pseudonymisation key, resolved by the platform from Key Vault (the value is never in the template).
        // If it cannot be resolved the setting holds this text and the app refuses to ingest.
        { name: 'Ingest__PseudonymKey', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${pseudonymKeySecretName})' }
        // The mart build sizes DuckDB's memory limit from the instance's memory (MartOptions.InstanceMemoryMb).
        { name: 'Mart__InstanceMemoryMb', value: string(instanceMemoryMB) }
        // .NET 10 isolated workers have crashed while the platform specialises a placeholder on Flex
        // (Azure/azure-functions-dotnet-worker#3335, open; Azure/azure-functions-host#11693): start the
        // worker without the placeholder until those are fixed (infra/README.md, "Known issues").
        { name: 'WEBSITE_USE_PLACEHOLDER_DOTNETISOLATED', value: '0' }
      ]
    }
  }
}

// azd deploys with the signed-in user's Entra token; basic (publishing-profile) auth stays off.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName

// Scorecard.Pipeline on Azure: one resource group holding the storage account (landing -> lake ->
// mart -> exports), a Flex Consumption function app on the .NET isolated worker, its managed
// identity and roles, monitoring, and the Event Grid system topic of the storage account (the
// subscription to the app's blob webhook is made after deploy: infra/hooks/postdeploy.sh).
// Deployed by `azd up`; plain resources and local modules only (see README "Deploy to Azure").
targetScope = 'subscription'

@description('azd environment name (AZURE_ENV_NAME); names the resource group and seeds resource names.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Azure region for every resource; it must offer Flex Consumption.')
@minLength(1)
@metadata({ azd: { type: 'location' } })
param location string

@description('Object id of the person running azd (AZURE_PRINCIPAL_ID): gets blob access to upload extracts and read exports. Empty for none.')
param principalId string = ''

@description('Memory per function instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances Flex Consumption may scale out to (40 is the smallest maximum it allows).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@secure()
@description('Pseudonymisation key for customer ids (Ingest__PseudonymKey), stored in the Key Vault. main.parameters.json has azd generate it once and read it back from the vault on every later provision, so it never changes.')
@minLength(12)
param pseudonymKey string

@description('Key Vault purge protection. Off by default so azd down --purge removes everything; turn it on for production data (it cannot be turned off again).')
param keyVaultPurgeProtection bool = false

@description('Object id of an Entra ID group of BI readers (Power BI, Excel, Fabric, Synapse users); empty for none. Members get Storage Blob Data Reader on the mart and exports containers only.')
param biReadersGroupId string = ''

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
// Must equal the service key in azure.yaml: azd finds the deploy target by this tag.
var functionServiceName = 'functions'
var functionAppName = '${abbrs.webSitesFunctions}${resourceToken}'
var identityName = '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
var storageAccountName = '${abbrs.storageStorageAccounts}${resourceToken}'
var applicationInsightsName = '${abbrs.insightsComponents}${resourceToken}'
var keyVaultName = '${abbrs.keyVaultVaults}${resourceToken}'
// Must equal the secret name in main.parameters.json's secretOrRandomPassword call.
var pseudonymKeySecretName = 'pseudonymKey'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-11-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  scope: resourceGroup
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  scope: resourceGroup
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  scope: resourceGroup
  params: {
    name: storageAccountName
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module keyVault 'app/keyvault.bicep' = {
  scope: resourceGroup
  params: {
    name: keyVaultName
    location: location
    tags: tags
    pseudonymKeySecretName: pseudonymKeySecretName
    pseudonymKey: pseudonymKey
    enablePurgeProtection: keyVaultPurgeProtection
    softDeleteRetentionInDays: 7
  }
}

module rbac 'app/rbac.bicep' = {
  scope: resourceGroup
  params: {
    storageAccountName: storageAccountName
    applicationInsightsName: applicationInsightsName
    keyVaultName: keyVaultName
    appIdentityName: identityName
    userPrincipalId: principalId
  }
  // The names are known up front (so What-If can predict the assignments); the resources must exist.
  dependsOn: [
    identity
    monitoring
    storage
    keyVault
  ]
}

module functionApp 'app/function.bicep' = {
  scope: resourceGroup
  params: {
    planName: '${abbrs.webServerFarms}${resourceToken}'
    name: functionAppName
    location: location
    tags: tags
    serviceName: functionServiceName
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    keyVaultName: keyVault.outputs.name
    pseudonymKeySecretName: keyVault.outputs.pseudonymKeySecretName
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
  }
  // Start the host only once its identity may read the package and reach storage and telemetry.
  dependsOn: [
    rbac
  ]
}

module eventGrid 'app/eventgrid.bicep' = {
  scope: resourceGroup
  params: {
    systemTopicName: '${abbrs.eventGridSystemTopics}${resourceToken}'
    location: location
    tags: tags
    storageAccountName: storageAccountName
  }
  dependsOn: [
    storage
  ]
}

module biReaders 'app/bi-readers.bicep' = if (!empty(biReadersGroupId)) {
  scope: resourceGroup
  params: {
    storageAccountName: storageAccountName
    biReadersGroupId: biReadersGroupId
    martContainerName: 'mart'
    exportsContainerName: 'exports'
  }
  // The storage module creates the containers the roles are scoped to.
  dependsOn: [
    storage
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output RESOURCE_GROUP string = resourceGroup.name
output AZURE_FUNCTION_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_FUNCTIONS_NAME string = functionApp.outputs.name
output SERVICE_FUNCTIONS_URI string = 'https://${functionApp.outputs.defaultHostName}'
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output AZURE_STORAGE_CONTAINERS string[] = storage.outputs.dataContainerNames
output AZURE_STORAGE_QUEUES string[] = storage.outputs.queueNames
output AZURE_EVENTGRID_SYSTEM_TOPIC_NAME string = eventGrid.outputs.systemTopicName
// The post-deploy hook subscribes IngestExtract's blob webhook to the topic under this name.
output AZURE_EVENTGRID_SUBSCRIPTION_NAME string = '${abbrs.eventGridEventSubscriptions}landing-to-ingest-extract'
output AZURE_INGEST_FUNCTION_NAME string = 'IngestExtract'
output AZURE_LANDING_CONTAINER string = 'landing'

// secretOrRandomPassword in main.parameters.json reads the key back from this vault on later provisions.
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.logAnalyticsName

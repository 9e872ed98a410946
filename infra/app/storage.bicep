// The one storage account: the pipeline's containers, its two queues, the Functions host's own
// blobs and queues, and the container Flex Consumption deploys the app package from.
// Shared keys are off, so every client (the app, Event Grid, people) signs in with Entra ID.

@description('Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the storage account.')
param location string

@description('Tags applied to the storage account.')
param tags object

@description('Name of the blob container the function app package is deployed to.')
param deploymentContainerName string

// The pipeline's containers (see README "Storage"): extracts land in landing/, ingest writes
// lake/, quarantine/ and state/ (audit, builds), the build writes mart/, exports go to exports/.
var dataContainerNames = [
  'landing'
  'lake'
  'quarantine'
  'mart'
  'exports'
  'state'
]

// build-requests: ingest, the nightly timer and people ask for a mart build here (BuildMart's trigger).
// webjobs-blobtrigger-poison: where the blob extension moves an IngestExtract event that failed 5 times
// (created up front so it can be watched; the host would create it too, as it does "build-requests-poison").
var queueNames = [
  'build-requests'
  'webjobs-blobtrigger-poison'
]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
    dnsEndpointType: 'Standard'
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource dataContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for containerName in dataContainerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

output name string = storage.name
output id string = storage.id
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output dataContainerNames string[] = [for (containerName, i) in dataContainerNames: dataContainers[i].name]
output deploymentContainerName string = deploymentContainer.name
output queueNames string[] = [for (queueName, i) in queueNames: queues[i].name]

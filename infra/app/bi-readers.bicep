// Optional read access for BI tools (Power BI, Excel Power Query, Fabric, Synapse): an Entra ID group whose members
// read the mart (scorecard_mart.duckdb and each table's Parquet) and the exports, and nothing else. Deployed only
// when main.bicep gets a group id; see sql/README.md "Connecting BI tools".

@description('Name of the storage account holding the containers.')
param storageAccountName string

@description('Object id of the Entra ID group of BI readers.')
param biReadersGroupId string

@description('Name of the container the mart is published to.')
param martContainerName string

@description('Name of the container the exports are written to.')
param exportsContainerName string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource martContainer 'containers' existing = {
      name: martContainerName
    }

    resource exportsContainer 'containers' existing = {
      name: exportsContainerName
    }
  }
}

// Storage Blob Data Reader: 2a2b9908-6ea1-4ae2-8e65-a410df84e7d1
// List and read blobs, scoped to the one container: the group cannot write anything, nor read landing/, lake/,
// quarantine/ or state/.
resource martReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::blobService::martContainer.id, biReadersGroupId, '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')
  scope: storage::blobService::martContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')
    principalId: biReadersGroupId
    principalType: 'Group'
  }
}

// Storage Blob Data Reader: 2a2b9908-6ea1-4ae2-8e65-a410df84e7d1 (as above, on the exports container).
resource exportsReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::blobService::exportsContainer.id, biReadersGroupId, '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')
  scope: storage::blobService::exportsContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')
    principalId: biReadersGroupId
    principalType: 'Group'
  }
}

// The Event Grid system topic of the storage account: it publishes the account's blob events. The
// subscription that delivers Microsoft.Storage.BlobCreated under landing/ to IngestExtract's blob
// webhook (/runtime/webhooks/blobs, authenticated with the blobs_extension system key) is created
// after the code is deployed, because that key exists only once the host has started with an
// Event Grid blob trigger: infra/hooks/postdeploy.sh, run by azd (azure.yaml hooks.postdeploy).

@description('Name of the Event Grid system topic on the storage account.')
param systemTopicName string

@description('Azure region of the system topic (the storage account\'s region).')
param location string

@description('Tags applied to the system topic.')
param tags object

@description('Name of the storage account whose blob events are published.')
param storageAccountName string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output systemTopicName string = systemTopic.name

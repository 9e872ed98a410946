// Event Grid delivers BlobCreated events for landing/ to the ingest-events queue, authenticating
// with the system topic's own managed identity. No webhook, no function key, no deploy hook: the
// IngestExtract queue trigger picks the event up and streams the blob itself.

@description('Name of the Event Grid system topic on the storage account.')
param systemTopicName string

@description('Name of the event subscription that feeds the ingest queue.')
param subscriptionName string

@description('Azure region of the system topic (the storage account\'s region).')
param location string

@description('Tags applied to the system topic.')
param tags object

@description('Name of the storage account whose blob events are published.')
param storageAccountName string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName

  resource queueService 'queueServices' existing = {
    name: 'default'

    resource ingestQueue 'queues' existing = {
      name: 'ingest-events'
    }
  }
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

// Storage Queue Data Message Sender: c6a89b2d-59bc-44d0-9896-0f6e12d7b80a
// Add messages to the one ingest queue, nothing else (scoped to the queue, not the account).
resource topicQueueSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::queueService::ingestQueue.id, systemTopic.id, 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a')
  scope: storage::queueService::ingestQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a')
    principalId: systemTopic.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource landingToIngestQueue 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: subscriptionName
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    deliveryWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      destination: {
        endpointType: 'StorageQueue'
        properties: {
          resourceId: storage.id
          queueName: 'ingest-events'
          // -1: messages never expire; an extract waits in the queue until it is ingested.
          queueMessageTimeToLiveInSeconds: -1
        }
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/landing/'
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
  // The topic's identity must hold the sender role before Event Grid validates the destination.
  dependsOn: [
    topicQueueSender
  ]
}

output systemTopicName string = systemTopic.name
output subscriptionName string = landingToIngestQueue.name

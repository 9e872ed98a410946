// The Key Vault holding the pipeline's one secret: the pseudonymisation key (Ingest__PseudonymKey).
// RBAC authorization (no access policies), soft delete always on, purge protection a parameter. The
// function app reads the secret through a Key Vault reference with its user-assigned identity; the
// roles are granted in rbac.bicep, scoped to this vault.

@description('Name of the vault (3-24 letters, digits and hyphens).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the vault.')
param location string

@description('Tags applied to the vault.')
param tags object

@description('Name of the secret holding the pseudonymisation key.')
param pseudonymKeySecretName string

@secure()
@description('The pseudonymisation key. azd generates it on the first provision and reads it back from this vault afterwards (main.parameters.json).')
@minLength(12)
param pseudonymKey string

@description('Purge protection: a deleted vault or secret cannot be purged before its retention ends (cannot be turned off again once on).')
param enablePurgeProtection bool

@description('Days a deleted vault or secret can be recovered (7-90).')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // The property accepts only true; leaving it out is how it stays off.
    enablePurgeProtection: enablePurgeProtection ? true : null
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    // Flex Consumption without a virtual network resolves Key Vault references over the public endpoint.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource pseudonymKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: pseudonymKeySecretName
  properties: {
    value: pseudonymKey
    contentType: 'text/plain'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
output pseudonymKeySecretName string = pseudonymKeySecret.name

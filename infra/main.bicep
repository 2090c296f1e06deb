// streetcar-delay-bot on Azure: an App Service (Linux, Node 20) running the bot, a Storage
// account whose blob container holds conversation state shared by every instance, and the Azure
// Bot registration pointing at the app's /api/messages, with the Teams channel on.
//
// Deploy (docs/DEPLOYMENT.md walks through it end to end):
//   az group create -n streetcar-bot -l canadacentral
//   az deployment group create -g streetcar-bot -f infra/main.bicep \
//     -p botName=<globally-unique-name> microsoftAppId=<app id> microsoftAppPassword=<secret>
//
// The app registration (Microsoft Entra ID) is made beforehand: a template cannot create one.

targetScope = 'resourceGroup'

@description('Base name; the web app is <botName>.azurewebsites.net, so it must be globally unique.')
@minLength(3)
@maxLength(40)
param botName string

@description('Region for the App Service and Storage account (the Azure Bot itself is global).')
param location string = resourceGroup().location

@description('The bot\'s Microsoft App ID (the Entra ID app registration\'s Application (client) ID).')
param microsoftAppId string

@description('A client secret of that app registration (empty for UserAssignedMSI).')
@secure()
param microsoftAppPassword string = ''

@description('SingleTenant (recommended; new multi-tenant registrations are being retired), MultiTenant or UserAssignedMSI.')
@allowed([
  'SingleTenant'
  'MultiTenant'
  'UserAssignedMSI'
])
param microsoftAppType string = 'SingleTenant'

@description('The app registration\'s tenant (SingleTenant and UserAssignedMSI).')
param microsoftAppTenantId string = tenant().tenantId

@description('For UserAssignedMSI only: the resource ID of the user-assigned managed identity.')
param userAssignedIdentityId string = ''

@description('App Service plan size. B1 is enough to try it; P0v3 or larger for a city\'s riders.')
param appServiceSku string = 'B1'

@description('How many instances share the load (all share the conversation state in Blob Storage).')
@minValue(1)
@maxValue(10)
param instanceCount int = 2

@description('Azure Bot pricing tier: F0 (free, standard channels) or S1.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Blob container for conversation and user state.')
param stateContainer string = 'bot-state'

// Storage account names: 3-24 lower-case letters and digits, globally unique.
var storageName = take('st${toLower(replace(replace(botName, '-', ''), '_', ''))}${uniqueString(resourceGroup().id)}', 24)
var webAppName = botName
var isMsi = microsoftAppType == 'UserAssignedMSI'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    accessTier: 'Hot'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: stateContainer
  properties: {
    publicAccess: 'None'
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${botName}-plan'
  location: location
  kind: 'linux'
  sku: {
    name: appServiceSku
    capacity: instanceCount
  }
  properties: {
    reserved: true // Linux
  }
}

var storageConnectionString = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  identity: isMsi ? {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${userAssignedIdentityId}': {}
    }
  } : null
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false // any instance can take any turn: state is in Blob Storage
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      // The compiled server: Oryx's build (SCM_DO_BUILD_DURING_DEPLOYMENT below) runs `npm install`
      // and then `npm run build`, which writes dist/.
      appCommandLine: 'node dist/index.js'
      alwaysOn: appServiceSku != 'F1' && appServiceSku != 'D1'
      healthCheckPath: '/readyz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      webSocketsEnabled: false
      appSettings: [
        {
          name: 'MicrosoftAppId'
          value: microsoftAppId
        }
        {
          name: 'MicrosoftAppPassword'
          value: microsoftAppPassword
        }
        {
          name: 'MicrosoftAppType'
          value: microsoftAppType
        }
        {
          name: 'MicrosoftAppTenantId'
          value: microsoftAppType == 'MultiTenant' ? '' : microsoftAppTenantId
        }
        {
          name: 'CONFIG_FILE'
          value: 'config/azure.yaml'
        }
        {
          name: 'STORAGE_KIND'
          value: 'blob'
        }
        {
          name: 'STORAGE_CONTAINER'
          value: stateContainer
        }
        {
          name: 'BlobStorageConnectionString'
          value: storageConnectionString
        }
        {
          name: 'PUBLIC_URL'
          value: 'https://${webAppName}.azurewebsites.net'
        }
        {
          name: 'LOG_LEVEL'
          value: 'info'
        }
        {
          name: 'NODE_ENV'
          value: 'production'
        }
        // Zip deploy runs `npm install` on the server (Oryx), which also brings the optional
        // native TensorFlow backend (tfjs-node) since App Service has internet access, and then
        // `npm run build` (the compiled server in dist/, which appCommandLine starts).
        {
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'true'
        }
        // App Service sends SIGTERM and waits this long before killing: more than ops.shutdownGraceMs.
        {
          name: 'WEBSITES_CONTAINER_STOP_TIME_LIMIT'
          value: '30'
        }
      ]
    }
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: 'Streetcar delay bot'
    description: 'Tells Toronto streetcar riders whether their trip is likely to be delayed.'
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: microsoftAppId
    msaAppType: microsoftAppType
    msaAppTenantId: microsoftAppType == 'MultiTenant' ? '' : microsoftAppTenantId
    msaAppMSIResourceId: isMsi ? userAssignedIdentityId : ''
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

@description('Where the bot answers (the Azure Bot\'s messaging endpoint).')
output messagingEndpoint string = bot.properties.endpoint

@description('The web app: pages, JSON API, /healthz, /readyz, /metrics.')
output webAppUrl string = 'https://${webApp.properties.defaultHostName}'

@description('The Storage account holding conversation state.')
output storageAccount string = storage.name

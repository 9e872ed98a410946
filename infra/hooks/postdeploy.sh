#!/bin/sh
# azd postdeploy hook (azure.yaml): subscribes IngestExtract's blob webhook to the storage account's
# Event Grid system topic, for Microsoft.Storage.BlobCreated under landing/.
#
# Why after deploy: the webhook authenticates with the host's blobs_extension system key, which exists only
# once code with an Event Grid-sourced blob trigger is deployed and the host has started. Idempotent: a second
# run finds the subscription and points it at the same endpoint again (the key may have been rotated).
# Needs the Azure CLI signed in (azd runs hooks with the azd environment's values in the environment).
set -eu

fail() {
    echo "postdeploy: $*" >&2
    exit 1
}

resource_group="${AZURE_RESOURCE_GROUP:-}"
function_app="${AZURE_FUNCTION_APP_NAME:-}"
app_uri="${SERVICE_FUNCTIONS_URI:-}"
system_topic="${AZURE_EVENTGRID_SYSTEM_TOPIC_NAME:-}"
subscription="${AZURE_EVENTGRID_SUBSCRIPTION_NAME:-}"
function_name="${AZURE_INGEST_FUNCTION_NAME:-}"
landing_container="${AZURE_LANDING_CONTAINER:-}"
for required in resource_group function_app app_uri system_topic subscription function_name landing_container; do
    eval "value=\${$required}"
    # shellcheck disable=SC2154 # value is assigned by the eval above
    [ -n "$value" ] || fail "$required is empty: run this through azd (azd up or azd deploy) after a provision that set the outputs of infra/main.bicep."
done
command -v az >/dev/null 2>&1 || fail "the Azure CLI (az) is required to read the webhook key and create the Event Grid subscription."

# 1. The blobs_extension system key: written by the host when it starts with the new code (poll for up to 5 minutes).
key=""
attempt=1
while [ "$attempt" -le 30 ]; do
    key="$(az functionapp keys list --resource-group "$resource_group" --name "$function_app" \
        --query "systemKeys.blobs_extension" --output tsv 2>/dev/null || true)"
    [ -n "$key" ] && break
    echo "postdeploy: waiting for the blobs_extension key of $function_app ($attempt/30) ..."
    sleep 10
    attempt=$((attempt + 1))
done
[ -n "$key" ] || fail "no blobs_extension system key on $function_app after 5 minutes: is IngestExtract deployed and did the host start? (az functionapp keys list -g $resource_group -n $function_app)"

# 2. The subscription: webhook to the blob extension, BlobCreated under landing/ only. The endpoint holds the key:
#    never printed (--output none).
endpoint="${app_uri%/}/runtime/webhooks/blobs?functionName=Host.Functions.${function_name}&code=${key}"
if az eventgrid system-topic event-subscription show --resource-group "$resource_group" \
    --system-topic-name "$system_topic" --name "$subscription" --output none 2>/dev/null; then
    echo "postdeploy: updating Event Grid subscription $subscription -> $function_name"
    az eventgrid system-topic event-subscription update \
        --resource-group "$resource_group" --system-topic-name "$system_topic" --name "$subscription" \
        --endpoint "$endpoint" \
        --included-event-types Microsoft.Storage.BlobCreated \
        --subject-begins-with "/blobServices/default/containers/${landing_container}/" \
        --output none
else
    echo "postdeploy: creating Event Grid subscription $subscription -> $function_name"
    az eventgrid system-topic event-subscription create \
        --resource-group "$resource_group" --system-topic-name "$system_topic" --name "$subscription" \
        --endpoint-type webhook --endpoint "$endpoint" \
        --included-event-types Microsoft.Storage.BlobCreated \
        --subject-begins-with "/blobServices/default/containers/${landing_container}/" \
        --max-delivery-attempts 30 --event-ttl 1440 \
        --output none
fi
echo "postdeploy: BlobCreated events under ${landing_container}/ now reach $function_name on $function_app."

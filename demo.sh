#!/usr/bin/env bash
# The main job, until the services land: starts the local cloud, wires the solution's custom bus the
# way DESIGN.md does (wildcard rules with SQS taps, an archive), produces contract events with the
# `contract` CLI, and shows what each consumer's queue received.
#
#   ./demo.sh            run the demo, then stop the local cloud
#   ./demo.sh --keep     leave the local cloud running afterwards (Ctrl-C to stop)
#   PORT=4600 ./demo.sh  use another port (default 4566)
set -euo pipefail
cd "$(dirname "$0")"

keep=false
case "${1:-}" in
  --keep) keep=true ;;
  -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  "") ;;
  *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
esac

port=${PORT:-4566}
endpoint="http://127.0.0.1:${port}"
bus=microservices
data=$(mktemp -d)
log="$data/localcloud.log"

echo "== building the local cloud and the contract CLI (Release)"
dotnet build -c Release -v quiet -nologo platform/LocalCloud/LocalCloud.csproj >/dev/null
dotnet build -c Release -v quiet -nologo contracts/src/Contracts.Cli/Contracts.Cli.csproj >/dev/null
localcloud=(dotnet platform/LocalCloud/bin/Release/net10.0/LocalCloud.dll)
contract=(dotnet contracts/src/Contracts.Cli/bin/Release/net10.0/Contracts.Cli.dll)

echo "== starting the local cloud on $endpoint (state in $data)"
"${localcloud[@]}" up --port "$port" --data "$data" >"$log" 2>&1 &
cloud_pid=$!
stop() { kill "$cloud_pid" 2>/dev/null || true; wait "$cloud_pid" 2>/dev/null || true; }
trap stop EXIT
for _ in $(seq 1 300); do
  grep -q '^ready: ' "$log" && break
  kill -0 "$cloud_pid" 2>/dev/null || { cat "$log"; echo "the local cloud did not start" >&2; exit 1; }
  sleep 0.1
done
grep -q '^ready: ' "$log" || { cat "$log"; echo "the local cloud did not become ready" >&2; exit 1; }
sed 's/^/   /' "$log"

export AWS_ENDPOINT_URL="$endpoint" AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true

# awsJson call: TARGET  JSON-VERSION(0|1)  SIGNING-NAME  BODY
call() {
  curl -sS --fail-with-body "$endpoint/" \
    -H "X-Amz-Target: $1" -H "Content-Type: application/x-amz-json-1.$2" \
    -H "Authorization: AWS4-HMAC-SHA256 Credential=demo/20260101/us-east-1/$3/aws4_request, SignedHeaders=host, Signature=0" \
    -d "$4"
}
events() { call "AWSEvents.$1" 1 events "$2"; }
sqs() { call "AmazonSQS.$1" 0 sqs "$2"; }
queue_arn() { echo "arn:aws:sqs:us-east-1:000000000000:$1"; }

echo "== wiring bus '$bus': rules with SQS taps, an archive"
events CreateEventBus "{\"Name\":\"$bus\"}" >/dev/null
for q in notifications-tap search-indexer-tap ops; do sqs CreateQueue "{\"QueueName\":\"$q\"}" >/dev/null; done
rule() { # NAME PATTERN QUEUE
  local pattern=${2//\"/\\\"}
  events PutRule "{\"Name\":\"$1\",\"EventBusName\":\"$bus\",\"EventPattern\":\"$pattern\"}" >/dev/null
  events PutTargets "{\"Rule\":\"$1\",\"EventBusName\":\"$bus\",\"Targets\":[{\"Id\":\"tap\",\"Arn\":\"$(queue_arn "$3")\"}]}" >/dev/null
  echo "   rule $1: $2 -> $3"
}
rule notifications '{"source":["com.example.orders"],"detail-type":[{"wildcard":"order.*.v1"}]}' notifications-tap
rule search-indexer '{"source":[{"prefix":"com.example."}],"detail-type":[{"wildcard":"order.*.v1"}]}' search-indexer-tap
rule ops '{"detail-type":[{"wildcard":"*.error.*"}]}' ops
events CreateArchive "{\"ArchiveName\":\"$bus-archive\",\"EventSourceArn\":\"arn:aws:events:us-east-1:000000000000:event-bus/$bus\",\"RetentionDays\":0}" >/dev/null
echo "   archive $bus-archive: every event on the bus"

echo "== producing contract events with the contract CLI"
"${contract[@]}" put-events order.placed.v1 order.paid.v1 order.cancelled.v1 notification.error.delivery-failed.v1 --bus "$bus" | sed 's/^/   /'

echo "== what each consumer received"
for tap in notifications-tap:3 search-indexer-tap:3 ops:1; do
  q=${tap%%:*} expected=${tap##*:}
  url="$endpoint/000000000000/$q"
  got=""
  for _ in $(seq 1 10); do
    body=$(sqs ReceiveMessage "{\"QueueUrl\":\"$url\",\"MaxNumberOfMessages\":10,\"WaitTimeSeconds\":1}")
    got+=$(printf '%s' "$body" | { grep -o 'detail-type\\":\\"[^\\]*' || true; } | sed 's/.*\\"//' | tr '\n' ' ')
    [ "$(printf '%s' "$got" | wc -w)" -ge "$expected" ] && break
  done
  printf '   %-20s %s\n' "$q" "${got:-(nothing)}"
done

echo "== local cloud status"
"${localcloud[@]}" status --endpoint "$endpoint" | sed 's/^/   /'

if $keep; then
  echo "== the local cloud keeps running on $endpoint; Ctrl-C to stop. Try: ${localcloud[*]} tail --endpoint $endpoint"
  wait "$cloud_pid"
fi

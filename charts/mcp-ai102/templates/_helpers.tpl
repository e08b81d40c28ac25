{{/*
_helpers.tpl: names, labels, selectors, metadata and the small
computations the templates share. Every object is the one mcpc build
emits for the same values (docs/build.md says why each field is what it
is); the templates say how.
*/}}

{{/* The deployment's name: nameOverride, else the release's. */}}
{{- define "mcp.name" -}}
{{- default .Release.Name .Values.nameOverride -}}
{{- end -}}

{{/* The inference server's workload name. */}}
{{- define "mcp.server" -}}
{{- include "mcp.name" . -}}-triton
{{- end -}}

{{/* The ConfigMap's name. */}}
{{- define "mcp.configName" -}}
{{- include "mcp.name" . -}}-config
{{- end -}}

{{/*
The namespace: the release's. Values built for another namespace are
refused rather than installed where their policies and names do not fit.
*/}}
{{- define "mcp.namespace" -}}
{{- if and .Values.namespace (ne .Values.namespace .Release.Namespace) -}}
{{- fail (printf "these values are for namespace %s, not %s: install with -n %s (or set namespace to the release's)" .Values.namespace .Release.Namespace .Values.namespace) -}}
{{- end -}}
{{- .Release.Namespace -}}
{{- end -}}

{{/* The recommended labels over commonLabels, as JSON.
Argument: (list ROOT WORKLOAD COMPONENT). */}}
{{- define "mcp.labels" -}}
{{- $root := index . 0 -}}
{{- $l := dict -}}
{{- range $k, $v := $root.Values.commonLabels -}}
{{- $_ := set $l $k (toString $v) -}}
{{- end -}}
{{- $name := include "mcp.name" $root -}}
{{- $_ := set $l "app.kubernetes.io/name" (index . 1) -}}
{{- $_ = set $l "app.kubernetes.io/instance" $name -}}
{{- $_ = set $l "app.kubernetes.io/version" (toString $root.Values.tritonRelease) -}}
{{- $_ = set $l "app.kubernetes.io/component" (index . 2) -}}
{{- $_ = set $l "app.kubernetes.io/part-of" $name -}}
{{- $_ = set $l "app.kubernetes.io/managed-by" "mcpc" -}}
{{- toJson $l -}}
{{- end -}}

{{/* A workload's pod selector, as JSON. Argument: (list ROOT WORKLOAD). */}}
{{- define "mcp.selector" -}}
{{- toJson (dict "app.kubernetes.io/name" (index . 1) "app.kubernetes.io/instance" (include "mcp.name" (index . 0))) -}}
{{- end -}}

{{/*
An object's metadata, as JSON: name, namespace, labels, and the
annotations: commonAnnotations (but mcpc's own), mcpc.io/source (the
spec node the object comes from) and the Argo CD sync wave.
Argument: (dict "root" ROOT "name" NAME "workload" W "component" C
"pointer" SPEC-POINTER "wave" WAVE).
*/}}
{{- define "mcp.metadata" -}}
{{- $root := .root -}}
{{- $a := dict -}}
{{- range $k, $v := $root.Values.commonAnnotations -}}
{{- if and (not (hasPrefix "mcpc.io/" $k)) (kindIs "string" $v) -}}
{{- $_ := set $a $k $v -}}
{{- end -}}
{{- end -}}
{{- if $root.Values.source -}}
{{- $_ := set $a "mcpc.io/source" (printf "%s#%s" $root.Values.source .pointer) -}}
{{- end -}}
{{- $_ := set $a "argocd.argoproj.io/sync-wave" (toString (default 0 .wave)) -}}
{{- toJson (dict "name" .name "namespace" (include "mcp.namespace" $root) "labels" (include "mcp.labels" (list $root .workload .component) | fromJson) "annotations" $a) -}}
{{- end -}}

{{/* rollout.maxParallel, at least 1. */}}
{{- define "mcp.parallel" -}}
{{- max 1 (int64 .Values.rollout.maxParallel) -}}
{{- end -}}

{{/* The sync wave of the Nth Deployment (0: the server, then the services
in order): at most maxParallel to a wave, from wave 1.
Argument: (list ROOT N). */}}
{{- define "mcp.wave" -}}
{{- add 1 (div (index . 1) (int64 (include "mcp.parallel" (index . 0)))) -}}
{{- end -}}

{{/* The wave after the last Deployment's: what needs running workloads. */}}
{{- define "mcp.lastWave" -}}
{{- add 1 (include "mcp.wave" (list . (len .Values.services))) -}}
{{- end -}}

{{/* "true" when the Triton release (tritonRelease, YY.MM) is YY.MM or
later, else "". Argument: (list ROOT YY MM). */}}
{{- define "mcp.releaseAtLeast" -}}
{{- $v := toString (index . 0).Values.tritonRelease -}}
{{- if regexMatch "^[0-9]+\\.[0-9]+$" $v -}}
{{- $y := atoi (index (splitList "." $v) 0) -}}
{{- $m := atoi (index (splitList "." $v) 1) -}}
{{- if or (gt $y (index . 1)) (and (eq $y (index . 1)) (ge $m (index . 2))) -}}true{{- end -}}
{{- end -}}
{{- end -}}

{{/* A Go duration ("1m30s", "500ms") in whole milliseconds, or -1 when it
is not one. */}}
{{- define "mcp.millis" -}}
{{- $d := toString . -}}
{{- if regexMatch "^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$" $d -}}
{{- $unit := dict "ns" 0.000001 "us" 0.001 "µs" 0.001 "ms" 1.0 "s" 1000.0 "m" 60000.0 "h" 3600000.0 -}}
{{- $ms := 0.0 -}}
{{- range regexFindAll "[0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h)" $d -1 -}}
{{- $n := regexFind "^[0-9]+(\\.[0-9]+)?" . -}}
{{- $ms = addf $ms (mulf (float64 $n) (get $unit (trimPrefix $n .))) -}}
{{- end -}}
{{- floor $ms | int64 -}}
{{- else -}}
-1
{{- end -}}
{{- end -}}

{{/*
Where a "host:port" or URL is, as a NetworkPolicy egress rule (JSON): a
cluster Service name ("svc.ns", or "svc.ns.svc...") is its namespace,
anything else any address; on its port, else the default. Empty when the
port is not one. Argument: (list WHERE DEFAULT-PORT).
*/}}
{{- define "mcp.peer" -}}
{{- $h := index . 0 -}}
{{- $port := int64 (index . 1) -}}
{{- if contains "://" $h -}}
{{- $h = regexReplaceAll "^.*?://" $h "" -}}
{{- end -}}
{{- $h = regexReplaceAll "[/?#].*$" $h "" -}}
{{- $ok := true -}}
{{- $host := $h -}}
{{- if contains ":" $h -}}
{{- $host = regexReplaceAll ":.*$" $h "" -}}
{{- $p := regexReplaceAll "^[^:]*:" $h "" -}}
{{- if and (regexMatch "^[0-9]+$" $p) (gt (atoi $p) 0) (le (atoi $p) 65535) -}}
{{- $port = atoi $p -}}
{{- else -}}
{{- $ok = false -}}
{{- end -}}
{{- end -}}
{{- if $ok -}}
{{- $ports := list (dict "protocol" "TCP" "port" $port) -}}
{{- if and (regexMatch "^[a-z0-9-]+\\.[a-z0-9-]" $host) (or (not (regexMatch "^[^.]*\\.[^.]*\\." $host)) (contains ".svc" $host)) -}}
{{- $ns := regexReplaceAll "^[a-z0-9-]+\\.([a-z0-9-]{1,63}).*$" $host "${1}" -}}
{{- toJson (dict "to" (list (dict "namespaceSelector" (dict "matchLabels" (dict "kubernetes.io/metadata.name" $ns)))) "ports" $ports) -}}
{{- else -}}
{{- toJson (dict "to" (list (dict "ipBlock" (dict "cidr" "0.0.0.0/0"))) "ports" $ports) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Whether tracing is on with an endpoint: the endpoint, else "". */}}
{{- define "mcp.otlpEndpoint" -}}
{{- if .Values.tracing.enabled -}}{{- .Values.tracing.otlpEndpoint | default "" -}}{{- end -}}
{{- end -}}

{{/* The OTLP protocol: grpc (4317) or http/protobuf (4318). */}}
{{- define "mcp.otlpProtocol" -}}
{{- .Values.tracing.protocol | default "grpc" -}}
{{- end -}}

{{/*
Where Triton sends its spans: it speaks only OTLP/HTTP, so the endpoint
itself with http/protobuf, else the same host on 4318 (the OTLP/HTTP
port beside the collector's 4317); the path /v1/traces. Empty without
tracing.
*/}}
{{- define "mcp.traceUrl" -}}
{{- $ep := include "mcp.otlpEndpoint" . -}}
{{- if $ep -}}
{{- if ne (include "mcp.otlpProtocol" .) "grpc" -}}
{{- regexReplaceAll "/+$" $ep "" -}}/v1/traces
{{- else -}}
{{- $scheme := "" -}}
{{- $h := $ep -}}
{{- if contains "://" $ep -}}
{{- $scheme = regexFind "^.*?://" $ep -}}
{{- $h = trimPrefix $scheme $ep -}}
{{- end -}}
{{- $h = regexReplaceAll "[/?#].*$" $h "" -}}
{{- $scheme -}}{{- regexReplaceAll ":.*$" $h "" -}}:4318/v1/traces
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
The OpenTelemetry SDKs' variables for a workload, as a JSON list (empty
without tracing): the pod and node from the downward API, where and how
to export, the resource, each signal's exporter, the sampler.
Argument: (list ROOT WORKLOAD).
*/}}
{{- define "mcp.tracingEnv" -}}
{{- $root := index . 0 -}}
{{- $w := index . 1 -}}
{{- $t := $root.Values.tracing -}}
{{- $env := list -}}
{{- if $t.enabled -}}
{{- $ratio := 1.0 -}}
{{- if hasKey $t "sampleRatio" -}}{{- $ratio = float64 $t.sampleRatio -}}{{- end -}}
{{- $name := include "mcp.name" $root -}}
{{- $ns := include "mcp.namespace" $root -}}
{{- $env = append $env (dict "name" "K8S_POD_NAME" "valueFrom" (dict "fieldRef" (dict "fieldPath" "metadata.name"))) -}}
{{- $env = append $env (dict "name" "K8S_NODE_NAME" "valueFrom" (dict "fieldRef" (dict "fieldPath" "spec.nodeName"))) -}}
{{- $env = append $env (dict "name" "OTEL_EXPORTER_OTLP_ENDPOINT" "value" (toString ($t.otlpEndpoint | default ""))) -}}
{{- $env = append $env (dict "name" "OTEL_EXPORTER_OTLP_PROTOCOL" "value" (include "mcp.otlpProtocol" $root)) -}}
{{- $env = append $env (dict "name" "OTEL_SERVICE_NAME" "value" $w) -}}
{{- $env = append $env (dict "name" "OTEL_RESOURCE_ATTRIBUTES" "value" (printf "service.name=%s,service.namespace=%s,deployment.environment=%s,k8s.namespace.name=%s,k8s.deployment.name=%s,k8s.pod.name=$(K8S_POD_NAME),k8s.node.name=$(K8S_NODE_NAME)" $w $name (toString $root.Values.environment) $ns $w)) -}}
{{- $env = append $env (dict "name" "OTEL_TRACES_EXPORTER" "value" "otlp") -}}
{{- $env = append $env (dict "name" "OTEL_METRICS_EXPORTER" "value" (ternary "none" "otlp" (eq (toString $t.metrics) "false"))) -}}
{{- $env = append $env (dict "name" "OTEL_LOGS_EXPORTER" "value" (ternary "none" "otlp" (eq (toString $t.logs) "false"))) -}}
{{- $env = append $env (dict "name" "OTEL_TRACES_SAMPLER" "value" "parentbased_traceidratio") -}}
{{- $env = append $env (dict "name" "OTEL_TRACES_SAMPLER_ARG" "value" (printf "%.6g" $ratio)) -}}
{{- end -}}
{{- toJson $env -}}
{{- end -}}

{{/* A Pod Security "restricted" pod and container. */}}
{{- define "mcp.podSecurity" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
fsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "mcp.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop:
    - ALL
{{- end -}}

{{/* Spread a workload's replicas over nodes. Argument: (list ROOT WORKLOAD). */}}
{{- define "mcp.antiAffinity" -}}
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        labelSelector:
          matchLabels:
            {{- include "mcp.selector" . | fromJson | toYaml | nindent 12 }}
        topologyKey: kubernetes.io/hostname
{{- end -}}

{{/*
The pod annotations Fluent Bit reads, as JSON (empty without it): the
parser, fluentbit.io/exclude, and the destination and index the cluster's
routing matches on. Argument: (list ROOT SERVER?).
*/}}
{{- define "mcp.logAnnotations" -}}
{{- $root := index . 0 -}}
{{- $fb := $root.Values.logging.fluentBit -}}
{{- $a := dict -}}
{{- if $fb.enabled -}}
{{- $parsers := $fb.parsers | default dict -}}
{{- if index . 1 -}}
{{- $_ := set $a "fluentbit.io/parser" ($parsers.server | default (ternary "triton" "triton-default" (eq (include "mcp.releaseAtLeast" (list $root 23 1)) "true"))) -}}
{{- else -}}
{{- $_ := set $a "fluentbit.io/parser" ($parsers.services | default "json") -}}
{{- end -}}
{{- $_ := set $a "fluentbit.io/exclude" "false" -}}
{{- with $fb.destination -}}
{{- $_ := set $a "mcpc.io/log-destination" (printf "%s://%s:%d" (.type | default "elasticsearch") (.host | default "") (int64 (.port | default 9200))) -}}
{{- $_ := set $a "mcpc.io/log-index" (.index | default (include "mcp.name" $root)) -}}
{{- end -}}
{{- end -}}
{{- toJson $a -}}
{{- end -}}

{{/*
The ConfigMap, as JSON: config.values as strings, LOG_LEVEL, and the
Nacos coordinates when config.nacos is set. A key mcpc writes itself is
refused in config.values, as mcpc build refuses it (MCP-BUILD-004).
*/}}
{{- define "mcp.configMap" -}}
{{- $cfg := .Values.config | default dict -}}
{{- $data := dict -}}
{{- $own := list "LOG_LEVEL" "NACOS_SERVER_ADDR" "NACOS_NAMESPACE" "NACOS_GROUP" "NACOS_DATA_ID" "NACOS_HOT_RELOAD" -}}
{{- range $k, $v := $cfg.values -}}
{{- if has $k $own -}}
{{- fail (printf "config.values: %s is a key the chart writes into the ConfigMap itself (logLevel and config.nacos set it)" $k) -}}
{{- end -}}
{{- $_ := set $data $k (toString $v) -}}
{{- end -}}
{{- $_ := set $data "LOG_LEVEL" (toString .Values.logLevel) -}}
{{- with $cfg.nacos -}}
{{- $_ := set $data "NACOS_SERVER_ADDR" (toString (.server | default "")) -}}
{{- $_ := set $data "NACOS_NAMESPACE" (toString (.namespace | default "")) -}}
{{- $_ := set $data "NACOS_GROUP" (toString (.group | default "DEFAULT_GROUP")) -}}
{{- $_ := set $data "NACOS_DATA_ID" (toString (.dataId | default "")) -}}
{{- $_ := set $data "NACOS_HOT_RELOAD" (ternary "true" "false" (eq (toString $cfg.hotReload) "true")) -}}
{{- end -}}
{{- $meta := include "mcp.metadata" (dict "root" . "name" (include "mcp.configName" .) "workload" (include "mcp.name" .) "component" "config" "pointer" (ternary "/spec/config" "/spec" (hasKey .Values "config"))) | fromJson -}}
{{- toJson (dict "apiVersion" "v1" "kind" "ConfigMap" "metadata" $meta "data" $data) -}}
{{- end -}}

{{/*
The pods' mcpc.io/config-hash: the first 16 hex digits of the SHA-256 of
the ConfigMap as toJson writes it, without its mcpc.io/source annotation;
with config.hotReload, of only the keys a pod reads at start (LOG_LEVEL,
NACOS_*): the values reach running pods without a restart.
*/}}
{{- define "mcp.configHash" -}}
{{- $o := include "mcp.configMap" . | fromJson -}}
{{- $_ := unset $o.metadata.annotations "mcpc.io/source" -}}
{{- if eq (toString (.Values.config | default dict).hotReload) "true" -}}
{{- $keep := dict -}}
{{- range $k := list "LOG_LEVEL" "NACOS_SERVER_ADDR" "NACOS_NAMESPACE" "NACOS_GROUP" "NACOS_DATA_ID" "NACOS_HOT_RELOAD" -}}
{{- if hasKey $o.data $k -}}{{- $_ := set $keep $k (index $o.data $k) -}}{{- end -}}
{{- end -}}
{{- $_ := set $o "data" $keep -}}
{{- end -}}
{{- toJson $o | sha256sum | trunc 16 -}}
{{- end -}}

{{/* An image reference from {repository, tag, digest}. */}}
{{- define "mcp.image" -}}
{{- .repository -}}{{- if .tag -}}:{{- .tag -}}{{- end -}}{{- if .digest -}}@{{- .digest -}}{{- end -}}
{{- end -}}

{{/* Whether the mesh checks the gateway's tokens: "true" or "". */}}
{{- define "mcp.istio" -}}
{{- with .Values.gateway -}}
{{- $auth := .auth | default dict -}}
{{- if and (has ($auth.type | default "none") (list "jwt" "oidc")) (eq ($auth.enforce | default "annotations") "istio") -}}true{{- end -}}
{{- end -}}
{{- end -}}

{{/*
The models as the server reads them, as a JSON list of storage objects:
each model's own, or, when model.storage.type names one type, every model
of that type (the URI's scheme swapped: as://, s3://, gs://; pvc needs a
claimName). Each entry: {name, type, uri, claimName, subPath,
credentials, region}.
*/}}
{{- define "mcp.models" -}}
{{- $type := toString .Values.model.storage.type -}}
{{- $schemes := dict "azure-blob" "as" "s3" "s3" "gcs" "gs" -}}
{{- $out := list -}}
{{- range $i, $m := .Values.models -}}
{{- $st := deepCopy $m.storage -}}
{{- $_ := set $st "name" $m.name -}}
{{- if and (ne $type "mixed") (ne $type (toString $st.type)) -}}
{{- if eq $type "pvc" -}}
{{- if not $st.claimName -}}
{{- fail (printf "model.storage.type pvc: models[%d] (%s) names no storage.claimName" $i $m.name) -}}
{{- end -}}
{{- else -}}
{{- if not $st.uri -}}
{{- fail (printf "model.storage.type %s: models[%d] (%s) has no storage.uri" $type $i $m.name) -}}
{{- end -}}
{{- $_ := set $st "uri" (printf "%s://%s" (get $schemes $type) (regexReplaceAll "^[a-z0-9]+://" $st.uri "")) -}}
{{- end -}}
{{- $_ := set $st "type" $type -}}
{{- end -}}
{{- $out = append $out $st -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}

{{/* Partials: parsed with every template, never rendered on their own. */}}
{{- define "demo.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "demo.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- with .Values.labels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Overridden by the define of the same name in _overrides.tpl? No: of
two files at the same depth, the one whose name sorts first is parsed last
and wins; "_helpers.tpl" sorts before "_overrides.tpl". */}}
{{- define "demo.winner" -}}helpers{{- end -}}

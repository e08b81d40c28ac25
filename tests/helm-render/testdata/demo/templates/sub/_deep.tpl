{{- define "demo.deep" -}}deep-{{ .Values.labels.team }}{{- end -}}
{{- define "demo.winner" -}}deep{{- end -}}

{{- define "demo.winner" -}}overrides{{- end -}}
{{- define "demo.onlyhere" -}}from-overrides{{- end -}}

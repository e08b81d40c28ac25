// manifests.go: from rendered files to the stream `helm template` prints
// (Helm's pkg/releaseutil/manifest.go, manifest_sorter.go, kind_sorter.go
// and pkg/action/action.go renderResources). Each file is split into YAML
// documents; empty ones are dropped; every document must parse (its head:
// apiVersion, kind, metadata.name and annotations); documents with a
// helm.sh/hook annotation are hooks and come after the others; the others
// are ordered by kind, in Helm's install order, stable otherwise (files in
// name order, documents in file order). Each is printed as
// "---\n# Source: CHART/templates/FILE\nDOCUMENT\n".
package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"
)

// installOrder is Helm 3.14's InstallOrder; kinds not listed go last, in
// alphabetical order of kind.
var installOrder = []string{
	"PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange",
	"PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList",
	"ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
	"CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding",
	"ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service",
	"DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
	"HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress",
	"APIService",
}

const hookAnnotation = "helm.sh/hook"

// SimpleHead is what Helm reads of each document before sorting it.
type SimpleHead struct {
	Version  string `json:"apiVersion"`
	Kind     string `json:"kind,omitempty"`
	Metadata *struct {
		Name        string            `json:"name"`
		Annotations map[string]string `json:"annotations"`
	} `json:"metadata,omitempty"`
}

// Manifest is one document of the output.
type Manifest struct {
	Name    string // the template it came from
	Content string
	Head    SimpleHead
}

// Helm's document separator: a line starting with "---".
var docSep = regexp.MustCompile("(?:^|\\s*\n)---\\s*")

// splitManifests splits a rendered file into its documents, trimmed, in
// order; empty documents are dropped.
func splitManifests(big string) []string {
	var docs []string
	for _, d := range docSep.Split(strings.TrimSpace(big), -1) {
		if d == "" {
			continue
		}
		docs = append(docs, strings.TrimSpace(d))
	}
	return docs
}

// sortManifests splits and orders rendered files: the plain manifests
// and the hooks, each sorted by kind.
func sortManifests(files map[string]string) (manifests, hooks []Manifest, err error) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		content := files[name]
		if strings.HasPrefix(baseName(name), "_") || strings.TrimSpace(content) == "" {
			continue
		}
		for _, doc := range splitManifests(content) {
			var head SimpleHead
			if err := yaml.Unmarshal([]byte(doc), &head); err != nil {
				return nil, nil, fmt.Errorf("YAML parse error on %s: %v", name, err)
			}
			m := Manifest{Name: name, Content: doc, Head: head}
			isHook := false
			if head.Metadata != nil {
				_, isHook = head.Metadata.Annotations[hookAnnotation]
			}
			if isHook {
				hooks = append(hooks, m)
			} else {
				manifests = append(manifests, m)
			}
		}
	}
	return sortByKind(manifests), sortByKind(hooks), nil
}

func baseName(p string) string {
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[i+1:]
	}
	return p
}

// sortByKind orders manifests by install order, keeping the order of
// equals; unknown kinds come last, by kind name.
func sortByKind(ms []Manifest) []Manifest {
	rank := make(map[string]int, len(installOrder))
	for i, k := range installOrder {
		rank[k] = i
	}
	sort.SliceStable(ms, func(i, j int) bool {
		a, b := ms[i].Head.Kind, ms[j].Head.Kind
		ra, aok := rank[a]
		rb, bok := rank[b]
		switch {
		case !aok && !bok:
			return a < b
		case !aok:
			return false
		case !bok:
			return true
		}
		return ra < rb
	})
	return ms
}

// formatStream prints manifests and then hooks as `helm template` does:
// the manifests' text trimmed, a newline, then each hook.
func formatStream(crds []File, manifests, hooks []Manifest) string {
	var b strings.Builder
	for _, c := range crds {
		fmt.Fprintf(&b, "---\n# Source: %s\n%s\n", c.Name, string(c.Data))
	}
	for _, m := range manifests {
		fmt.Fprintf(&b, "---\n# Source: %s\n%s\n", m.Name, m.Content)
	}
	var out strings.Builder
	out.WriteString(strings.TrimSpace(b.String()))
	out.WriteString("\n")
	for _, h := range hooks {
		fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", h.Name, h.Content)
	}
	return out.String()
}

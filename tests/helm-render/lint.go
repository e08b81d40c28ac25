// lint.go: the checks of `helm lint` (Helm 3.14, pkg/lint/rules) that need
// no cluster, and a few stricter ones this project wants, each marked
// below. Chart.yaml: it parses, apiVersion is v2 (Helm also accepts v1:
// stricter), the name is a bare lowercase name, version and appVersion are
// strings, version is SemVer (and strictly SemVer 2: stricter), kubeVersion
// is a valid constraint (stricter), type and dependencies fit apiVersion.
// values.yaml: it parses; values.schema.json is a valid JSON Schema and
// the values (the -f and --set ones over values.yaml) meet it. Templates:
// every one renders (with required and fail reported, not fatal, as Helm
// lints), has an allowed extension, and every document of a .yaml or .yml
// template parses and has apiVersion, kind and a valid metadata.name
// (stricter: Helm checks the name only, as a warning), and workloads have
// a selector.
package main

import (
	"bufio"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/Masterminds/semver"
	"sigs.k8s.io/yaml"
)

type severity int

const (
	sevInfo severity = iota
	sevWarning
	sevError
)

// lintMessage is one finding, printed as Helm prints them.
type lintMessage struct {
	severity severity
	path     string
	err      string
}

func (m lintMessage) String() string {
	tag := [...]string{"INFO", "WARNING", "ERROR"}[m.severity]
	return fmt.Sprintf("[%s] %s: %s", tag, m.path, m.err)
}

type linter struct {
	msgs []lintMessage
}

func (l *linter) add(sev severity, p string, format string, a ...interface{}) {
	l.msgs = append(l.msgs, lintMessage{sev, p, fmt.Sprintf(format, a...)})
}

// runLint lints the chart in o.chartDir with the values of o.
func runLint(o options) []lintMessage {
	l := &linter{}
	l.chartfile(o.chartDir)
	user, err := userValues(o.valueFiles, o.sets, o.setStrings)
	if err != nil {
		l.add(sevError, "values.yaml", "%v", err)
		return l.msgs
	}
	l.values(o.chartDir, user)
	l.templates(o.chartDir, user)
	return l.msgs
}

var chartNameRe = regexp.MustCompile(`^[a-z0-9-]+$`)

// chartfile checks Chart.yaml.
func (l *linter) chartfile(dir string) {
	const file = "Chart.yaml"
	p := filepath.Join(dir, file)
	if fi, err := os.Stat(p); err == nil && fi.IsDir() {
		l.add(sevError, file, "should be a file, not a directory")
		return
	}
	raw, err := os.ReadFile(p)
	if err != nil {
		l.add(sevError, file, "unable to read: %v", err)
		return
	}
	md := new(Metadata)
	if err := yaml.Unmarshal(raw, md); err != nil {
		l.add(sevError, file, "unable to parse YAML\n\t%v", err)
		return
	}
	generic := map[string]interface{}{}
	_ = yaml.Unmarshal(raw, &generic)

	switch {
	case md.Name == "":
		l.add(sevError, file, "name is required")
	case filepath.Base(md.Name) != md.Name:
		l.add(sevError, file, "chart name %q is invalid: chart names must not include path components", md.Name)
	case !chartNameRe.MatchString(md.Name):
		l.add(sevError, file, "chart name %q is invalid: must be lowercase and may only contain letters, numbers, and dashes", md.Name)
	}
	switch md.APIVersion {
	case "":
		l.add(sevError, file, "apiVersion is required. The value must be \"v2\"")
	case "v2":
	case "v1":
		l.add(sevError, file, "apiVersion 'v1' is the Helm 2 chart format; Helm 3 charts use \"v2\"")
	default:
		l.add(sevError, file, "apiVersion '%s' is not valid. The value must be \"v2\"", md.APIVersion)
	}
	for _, key := range []string{"version", "appVersion"} {
		if v, ok := generic[key]; ok {
			if _, isString := v.(string); !isString {
				l.add(sevError, file, "%s should be of type string but it's of type %T", key, v)
			}
		}
	}
	if md.Version == "" {
		l.add(sevError, file, "version is required")
	} else if v, err := semver.NewVersion(md.Version); err != nil {
		l.add(sevError, file, "version '%s' is not a valid SemVer", md.Version)
	} else if c, _ := semver.NewConstraint(">0.0.0-0"); !c.Check(v) {
		l.add(sevError, file, "version '%s' must be greater than 0.0.0-0", md.Version)
	} else if _, err := semver.StrictNewVersion(md.Version); err != nil {
		l.add(sevError, file, "version '%s' is not a SemVer 2 version (MAJOR.MINOR.PATCH, no 'v')", md.Version)
	}
	if md.KubeVersion != "" {
		if _, err := semver.NewConstraint(md.KubeVersion); err != nil {
			l.add(sevError, file, "kubeVersion '%s' is not a valid constraint: %v", md.KubeVersion, err)
		}
	}
	for _, m := range md.Maintainers {
		if m == nil || m.Name == "" {
			l.add(sevError, file, "each maintainer requires a name")
			break
		}
	}
	for _, s := range md.Sources {
		if s == "" {
			l.add(sevError, file, "invalid source URL '%s'", s)
		}
	}
	if md.Icon == "" {
		l.add(sevInfo, file, "icon is recommended")
	}
	if md.Type != "" && md.Type != "application" && md.Type != "library" {
		l.add(sevError, file, "chart type '%s' is not valid: application or library", md.Type)
	}
	if len(md.Dependencies) > 0 && md.APIVersion != "v2" {
		l.add(sevError, file, "dependencies are not valid in the Chart file with apiVersion '%s'. They are valid in apiVersion 'v2'", md.APIVersion)
	}
}

// values checks values.yaml and values.schema.json, with the user's
// values merged over the defaults as Helm's lint merges them.
func (l *linter) values(dir string, user map[string]interface{}) {
	const file = "values.yaml"
	raw, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		l.add(sevInfo, file, "file does not exist")
		return
	}
	vals, err := readValues(raw)
	if err != nil {
		l.add(sevError, file, "unable to parse YAML: %v", err)
		return
	}
	schema, err := os.ReadFile(filepath.Join(dir, "values.schema.json"))
	if err != nil || len(schema) == 0 {
		return
	}
	if err := checkSchema(schema); err != nil {
		l.add(sevError, "values.schema.json", "not a valid JSON Schema: %v", err)
		return
	}
	merged := deepCopy(user).(map[string]interface{})
	coalesceTables(merged, deepCopy(vals).(map[string]interface{}), "", func(string) {})
	if err := validateSchema(merged, schema); err != nil {
		l.add(sevError, file, "%s", strings.TrimSpace(err.Error()))
	}
}

var (
	crdHookSearch     = regexp.MustCompile(`"?helm\.sh/hook"?:\s+crd-install`)
	releaseTimeSearch = regexp.MustCompile(`\.Release\.Time`)
	dns1123Subdomain  = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	dns1123Label      = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)
	dns1035Label      = regexp.MustCompile(`^[a-z]([-a-z0-9]*[a-z0-9])?$`)
)

// k8sHead is what lint reads of each rendered document.
type k8sHead struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name string `json:"name"`
	} `json:"metadata"`
}

// nameProblem checks an object's name by the rule its kind has in
// Kubernetes (Helm's validateMetadataNameFunc): a DNS-1035 label for a
// Service, a DNS-1123 label for a Namespace, a path segment for the RBAC
// kinds, a DNS-1123 subdomain otherwise.
func nameProblem(kind, name string) string {
	switch strings.ToLower(kind) {
	case "service":
		if len(name) > 63 || !dns1035Label.MatchString(name) {
			return "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, end with an alphanumeric character, and be at most 63 characters"
		}
	case "namespace":
		if len(name) > 63 || !dns1123Label.MatchString(name) {
			return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', start and end with an alphanumeric character, and be at most 63 characters"
		}
	case "certificatesigningrequest":
	case "role", "clusterrole", "rolebinding", "clusterrolebinding":
		if name == "." || name == ".." || strings.ContainsAny(name, "/%") {
			return "may not be '.' or '..' and may not contain '/' or '%'"
		}
	default:
		if len(name) > 253 || !dns1123Subdomain.MatchString(name) {
			return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', must start and end with an alphanumeric character, and be at most 253 characters"
		}
	}
	return ""
}

// topIndent warns of a document whose first line is indented: whether it
// parses depends on how it is normalised (Helm's validateTopIndentLevel).
func topIndent(content string) string {
	sc := bufio.NewScanner(strings.NewReader(content))
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		if strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t") {
			return fmt.Sprintf("document starts with an illegal indent: %q, which may cause parsing problems", line)
		}
		return ""
	}
	return ""
}

// templates renders the chart as `helm lint` does (release "test-release",
// namespace "default", lint mode) and checks each template's output.
func (l *linter) templates(dir string, user map[string]interface{}) {
	if fi, err := os.Stat(filepath.Join(dir, "templates")); err != nil {
		l.add(sevWarning, "templates/", "directory not found")
	} else if !fi.IsDir() {
		l.add(sevWarning, "templates/", "not a directory")
	}
	c, err := loadChart(dir)
	if err != nil {
		l.add(sevError, "templates/", "%v", err)
		return
	}
	o := options{name: "test-release", namespace: "default"}
	caps, _ := capabilities(o)
	top, err := renderValues(c, user, o, caps, func(string) {})
	if err != nil {
		l.add(sevError, "templates/", "%v", err)
		return
	}
	e := &Engine{LintMode: true, Log: func(s string) {
		// required and fail, reported as Helm's lint logs them
		l.add(sevInfo, "templates/", "%s", strings.TrimPrefix(s, "[INFO] "))
	}}
	rendered, err := e.Render(c, top)
	if err != nil {
		l.add(sevError, "templates/", "%v", err)
		return
	}
	names := make([]string, 0, len(c.Templates))
	data := map[string][]byte{}
	for _, t := range c.Templates {
		names = append(names, t.Name)
		data[t.Name] = t.Data
	}
	sort.Strings(names)
	for _, name := range names {
		ext := path.Ext(name)
		switch ext {
		case ".yaml", ".yml", ".tpl", ".txt":
		default:
			l.add(sevError, name, "file extension '%s' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt", ext)
		}
		if crdHookSearch.Match(data[name]) {
			l.add(sevWarning, name, "manifest is a crd-install hook. This hook is no longer supported in v3 and all CRDs should also exist the crds/ directory at the top level of the chart")
		}
		if releaseTimeSearch.Match(data[name]) {
			l.add(sevError, name, ".Release.Time has been removed in v3, please replace with the `now` function in your templates")
		}
		if ext != ".yaml" && ext != ".yml" {
			continue
		}
		out := rendered[path.Join(c.Metadata.Name, name)]
		if strings.TrimSpace(out) == "" {
			continue
		}
		if msg := topIndent(out); msg != "" {
			l.add(sevWarning, name, "%s", msg)
		}
		for i, doc := range splitDocuments(out) {
			l.document(name, i+1, doc)
		}
	}
}

// splitDocuments splits a rendered template into documents as the
// Kubernetes YAML reader Helm's lint uses does: at lines that start with
// "---" followed by nothing but blanks or a comment; the documents keep
// their indentation (unlike `helm template`, which trims them).
func splitDocuments(s string) []string {
	var docs []string
	var cur strings.Builder
	flush := func() {
		if strings.TrimSpace(cur.String()) != "" {
			docs = append(docs, cur.String())
		}
		cur.Reset()
	}
	for _, line := range strings.SplitAfter(s, "\n") {
		if strings.HasPrefix(line, "---") {
			rest := strings.TrimSpace(line[3:])
			if rest == "" || strings.HasPrefix(rest, "#") {
				flush()
				continue
			}
		}
		cur.WriteString(line)
	}
	flush()
	return docs
}

// document checks one rendered document of a template.
func (l *linter) document(name string, n int, doc string) {
	var generic interface{}
	if err := yaml.Unmarshal([]byte(doc), &generic); err != nil {
		l.add(sevError, name, "unable to parse YAML: document %d: %v", n, err)
		return
	}
	if generic == nil {
		return // only comments
	}
	if _, ok := generic.(map[string]interface{}); !ok {
		l.add(sevError, name, "document %d is not a mapping", n)
		return
	}
	var h k8sHead
	if err := yaml.Unmarshal([]byte(doc), &h); err != nil {
		l.add(sevError, name, "unable to parse YAML: document %d: %v", n, err)
		return
	}
	if h.APIVersion == "" {
		l.add(sevError, name, "document %d: apiVersion is required", n)
	}
	if h.Kind == "" {
		l.add(sevError, name, "document %d: kind is required", n)
	}
	if h.Metadata.Name == "" {
		l.add(sevError, name, "document %d: metadata.name is required", n)
	} else if msg := nameProblem(h.Kind, h.Metadata.Name); msg != "" {
		l.add(sevError, name, "object name does not conform to Kubernetes naming requirements: %q: metadata.name: %s", h.Metadata.Name, msg)
	}
	switch h.Kind {
	case "Deployment", "ReplicaSet", "DaemonSet", "StatefulSet":
		if !strings.Contains(doc, "matchLabels") && !strings.Contains(doc, "matchExpressions") {
			l.add(sevError, name, "a %s must contain matchLabels or matchExpressions, and %q does not", h.Kind, h.Metadata.Name)
		}
	}
}
